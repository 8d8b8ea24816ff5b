"""What every request goes through, whoever sends it: a wall-clock deadline on each socket read, a cap on
the decompressed body, the base URL's origin (the key never leaves it), and redirects held to both.
Installed on each httpx client by `base_client`; imports nothing of the operations above it."""
