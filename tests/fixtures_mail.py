"""Fixtures for mail tests."""
