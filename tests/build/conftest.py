"""The mini-site (tests/build/minisite.py): built once per pytest worker, put back after each test."""

from __future__ import annotations

import pytest

from notesite.tools import sitebuild

# The mini-site's own files (pages, snippet modules) are data, not tests: importing its
# modules for doctests would run them.
collect_ignore = ["mini"]


# --- the mini-site (tests/build/minisite.py): one per session, at a fixed path -----------------------


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory):
    """The mini-site, built from clean in every language; ``.clean`` holds those builds,
    ``.published`` the files they published (before any test rebuilds the site)."""
    from tests.build.minisite import MiniSite

    site = MiniSite(tmp_path_factory.mktemp("mini") / "site")
    site.clean = site.build_all()
    site.published = sitebuild.published_files(site.tree)
    site.keep()  # `mini` puts this built tree back after a test that built the site
    return site


@pytest.fixture
def mini(mini_site):
    """The mini-site, built and unedited, at the start of each test that asks for it."""
    mini_site.settle()
    return mini_site


