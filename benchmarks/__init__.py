"""`make bench`: speed and memory of polling, pagination and the sandbox, beside hand-written baselines."""
