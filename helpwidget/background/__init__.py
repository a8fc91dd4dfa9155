"""What runs besides the requests: the worker and its outbox sender, and the server process."""
