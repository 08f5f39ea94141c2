"""The execution cache's environment stamp (notesite/ext/exec_cache.py), without a build."""

from __future__ import annotations

import os

import pytest

from notesite.ext import exec_cache


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


def _cached(tmp_path, source: str):
    """A cache holding one executed notebook; returns (cache folder, cache, record)."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell(source)]
    folder = tmp_path / "cache"
    cache = get_cache(str(folder))
    record = cache.cache_notebook_bundle(CacheBundleIn(nb, "page.ipynb"), check_validity=False)
    return folder, cache, record


@pytest.mark.parametrize("damage", ["notebook removed", "notebook truncated"])
def test_a_damaged_record_is_dropped_with_its_folder(tmp_path, damage):
    folder, cache, record = _cached(tmp_path, "1 + 1")
    _, _, kept = _cached(tmp_path, "2 + 2")
    [notebook] = (folder / "executed" / record.hashkey).glob("*.ipynb")  # the layout _drop_record assumes
    if damage == "notebook removed":
        notebook.unlink()
    else:
        notebook.write_text(notebook.read_text()[:40])
    [message] = exec_cache.check_cache(folder)
    assert f"dropped cache record {record.pk}" in message
    assert [r.pk for r in cache.list_cache_records()] == [kept.pk]
    assert not (folder / "executed" / record.hashkey).exists()
    assert exec_cache.check_cache(folder) == []  # the rest is sound


def test_a_distribution_installed_between_builds_changes_the_fingerprint(tmp_path, monkeypatch):
    """exec_cache.installed reads the installed distributions once per state of the import path
    (each build in one process would otherwise pay it): a distribution installed after a first read
    is in the next one."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    os.utime(folder, ns=(0, 0))  # last changed long ago; adding a distribution below changes it now
    monkeypatch.syspath_prepend(str(folder))
    before = exec_cache.installed()
    assert exec_cache.installed() == before
    info = folder / "fingerprint_probe-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fingerprint-probe\nVersion: 1.0\n", encoding="utf-8")
    after = exec_cache.installed()
    assert sorted(set(after) - set(before)) == ["fingerprint-probe==1.0"], sorted(set(after) ^ set(before))
