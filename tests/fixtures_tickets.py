"""Fixtures for tickets tests."""
