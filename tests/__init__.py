"""The test suite, by tier: each folder runs as a path (`bash tests/run tests/api`)."""
