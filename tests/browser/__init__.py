"""Browser tests: headless Chromium through Playwright (the `browser` fixture)."""
