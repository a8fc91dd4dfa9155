"""Fixtures and helpers the tiers share, imported as `tests.support.<module>`."""
