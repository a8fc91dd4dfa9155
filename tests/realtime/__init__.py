"""Realtime tests: Socket.IO clients against a served app."""
