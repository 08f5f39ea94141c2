"""The execution cache's environment stamp (docs/_ext/exec_cache.py), without a build."""

from __future__ import annotations

import exec_cache


def test_environment_stamp_names_what_changed(tmp_path):
    from jupyter_cache import get_cache

    cache = tmp_path / "cache"
    get_cache(str(cache)).list_cache_records()
    (cache / "environment.txt").write_text("python 3.11.7\ntorch==2.13.0\n", encoding="utf-8")
    assert exec_cache.check_environment(cache, ["python 3.11.7", "torch==2.13.0"]) == []
    assert cache.exists()
    [message] = exec_cache.check_environment(cache, ["python 3.11.7", "torch==2.14.1"])
    assert "-torch==2.13.0, +torch==2.14.1" in message and not cache.exists()
    assert exec_cache.check_environment(cache, ["python 3.11.7"]) == []  # no cache: nothing to empty
