"""The built site as a reader meets it: headless Chromium (pytest-playwright) against the site served on localhost."""
