"""Cluster tests: real server processes (several over Redis, nginx, an installed package)."""
