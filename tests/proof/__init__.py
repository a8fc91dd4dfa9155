"""Proof runs: fuzzing, faults, XSS, abuse of limits, the access matrix, secrets."""
