"""What the pages state, asserted on the snippet modules that print it (mirrors snippets/), and the pages' text itself."""
