"""API tests: the Flask test client against the app, on SQLite or PostgreSQL."""
