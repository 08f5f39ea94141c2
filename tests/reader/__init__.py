"""The built site as a reader meets it: headless Chromium (pytest-playwright) against the site served on localhost.

Each test takes its tabs from pytest-playwright's fixtures: ``page``, or contexts from
``new_context`` (``tests.browser.open_page``: a window size and a colour scheme), all with the
served site as their base URL (tests/conftest.py's ``base_url``) and all closed when the test
ends; a failed test leaves a screenshot of each of its tabs in test-artifacts/playwright/.
The per-page checks are plain functions in sweeps.py; test_fixtures.py keeps the tests on
those fixtures.
"""
