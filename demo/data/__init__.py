"""Data the demo loads: the seed plan (a copy) and its assignment table."""
