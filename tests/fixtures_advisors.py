"""Fixtures for advisors tests."""
