"""The sans-I/O engine: each operation is a plan (a generator of Send, Sleep and Emit steps) that two
thin drivers run, one sync and one async, so the two APIs cannot drift apart (as h11 keeps rules pure
and I/O in its drivers). Retries, deadlines and read-ahead live here, once for both."""
