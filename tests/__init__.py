"""The tests: content/ (what the pages state, by snippet module), build/ (the build's promises, on the mini-site and the built site), reader/ (the built site in a browser)."""
