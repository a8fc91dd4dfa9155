"""What every page and API answer shares: the request class, compression, the production check."""
