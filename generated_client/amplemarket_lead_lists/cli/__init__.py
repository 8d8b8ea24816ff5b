"""The `amplemarket-lead-lists` command: a CSV of leads in, the enriched CSV out.

Hand-written beside the generated client (it survives `make generate`). One job per module:
`csv_input` reads files as people have them (encodings, separators), `columns` matches loose header
names and infers the list type, `cleaning` normalises, deduplicates and rejects rows, `connection`
picks the real API or the embedded sandbox, `sandbox_state` keeps the sandbox's lists between
commands, `resuming` builds the commands a stopped job's message gives, `progress` shows the wait,
`output` writes joined rows, `cells` keeps every CSV cell spreadsheet-safe, `terminal` escapes
control characters before they are shown, `overwriting` says what may be replaced (never results
unasked), `sending` prepares and uploads a file's leads (create, add), `enrich` runs the whole job,
`lists` looks at or waits for a list, `export` writes its entries (resumable), `errors` holds the two
failures, `signals` makes SIGTERM stop a job as Ctrl-C does and `app` is the typer command with its
exit codes.
"""
