"""What the server sends, read safely: JSON with bounds, `Retry-After`, and the key kept out of every text.

Pure functions over httpx messages and strings: the lowest hand-written layer, below the exceptions."""
