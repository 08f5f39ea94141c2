"""The GPU profile's recordings, checked on this CPU machine.

The CPU build's side (recorded output shown, a missing recording fails, the GPU switch
without CUDA fails) is in test_build_behaviour.py; here: every [gpu] region of the
site is recorded or listed as pending, a pending cell tells the reader what the cell
does, a stale recording fails, and the GPU profile writes what it executed.
"""

from __future__ import annotations

import json

import pytest
import yaml

from notesite.ext import gpu_recordings
from notesite.core import htmlpages
from notesite.core import languages
from notesite.core import snippet_regions
from notesite.tools import sitebuild
from tests.helpers import LANGS, ROOT, article_text
from tests.build.minisite import PROVENANCE, RECORDING_REF, MiniSite

# Per language, the words of the pending note that say when the output will come.
PENDING_WORDS = ROOT / "tests" / "data" / "gpu_pending.json"


def pending_words(lang: str) -> str:
    words = json.loads(PENDING_WORDS.read_text(encoding="utf-8"))
    assert lang in words, f"{PENDING_WORDS.relative_to(ROOT)} has no entry for the language {lang!r}"
    return words[lang]


def test_every_gpu_region_is_recorded_and_current_or_pending():
    """CPU profile check: no [gpu] cell without a recording (or a reason), none stale."""
    waiting = gpu_recordings.pending(ROOT)
    problems = []
    for module in sorted((ROOT / "snippets").rglob("*.py")):
        if module.name == "__init__.py":
            continue
        for name, region in snippet_regions.parse_regions(module).items():
            if not region.gpu:
                continue
            ref = f"{module.relative_to(ROOT / 'snippets').as_posix()}:{name}"
            try:
                data = gpu_recordings.load_recording(ROOT, ref, region)
            except snippet_regions.SnippetError as exc:
                problems.append(str(exc))
                continue
            if data is None and ref not in waiting:
                problems.append(f"{ref}: no recording and not listed in {gpu_recordings.PENDING}")
            if data is not None and ref in waiting:
                problems.append(f"{ref}: recorded, so remove it from {gpu_recordings.PENDING}")
    for ref in waiting:
        try:
            named = snippet_regions.region_of(ROOT / "snippets", ref)
        except snippet_regions.SnippetError:
            named = None
        if named is None or not named.gpu:
            problems.append(f"{gpu_recordings.PENDING}: {ref} names no [gpu] region")
    assert not problems, "\n".join(problems)


def test_pending_needs_a_reason(tmp_path):
    (tmp_path / "docs" / "_gpu").mkdir(parents=True)
    (tmp_path / gpu_recordings.PENDING).write_text("# comment\ngpu/a.py:x\n")
    with pytest.raises(snippet_regions.SnippetError, match=r"pending.txt:2: give a reason"):
        gpu_recordings.pending(tmp_path)


def test_mixed_module_is_refused(tmp_path):
    path = tmp_path / "mixed.py"
    path.write_text('"""Doc."""\n# %% a [gpu]\nx = 1\n# %% b\ny = 2\n')
    with pytest.raises(snippet_regions.SnippetError, match="some regions are tagged"):
        snippet_regions.parse_regions(path)


def test_built_gpu_page_tells_readers_plainly_what_is_pending():
    """The site as built: each pending [gpu] cell shows its code and the plain note, in every
    language; nothing on the page pretends to be recorded output."""
    from tests.browser import SITE, require_built

    require_built()
    waiting = gpu_recordings.pending(ROOT)
    for lang in LANGS:
        page = (SITE / lang / "gpu.html").read_text(encoding="utf-8")
        pending = [div for div in htmlpages.parse(page).find_all("div")
                   if div.get("class") == ["gpu-pending", "note", "admonition"]]
        assert len(pending) == len(waiting) > 0, lang
        text = article_text(page)
        assert languages.get(lang)["gpu_pending"][:20] in text, lang
        assert "gpu-provenance" not in page and "make html GPU=1" not in text and "skip" not in text.lower()


@pytest.mark.build
@pytest.mark.full
def test_pending_and_stale_recordings_on_the_mini_site(tmp_path):
    site = MiniSite(tmp_path / "site")
    recording = gpu_recordings.recording_path(site.tree, RECORDING_REF)
    # Pending with a reason: the page shows the code and says its output comes with a GPU build.
    recording.unlink()
    with open(site.path(str(gpu_recordings.PENDING)), "a") as f:
        f.write(f"{RECORDING_REF} awaiting the first GPU build\n")
    for lang in LANGS:
        result = site.build(lang)
        assert result.returncode == 0, result.output
        page = site.html(lang)
        text = article_text(page)
        assert 'torch.ones(2, device="cuda")' in text and "skip" not in text.lower(), lang
        assert "gpu-pending" in page and PROVENANCE["gpu"] not in page, lang  # no recording pretended
        # ... and says that its output comes with the first GPU build; how to record is for
        # contributors (the contributing page), not readers.
        assert pending_words(lang) in text, lang
        assert "make html GPU=1" not in text and "recordings" not in text, lang
    # Recorded, then the code changes: the recording is stale and the build fails.
    pending = site.path(str(gpu_recordings.PENDING))
    pending.write_text(pending.read_text().replace(f"{RECORDING_REF} awaiting the first GPU build\n", ""))
    module = site.path("snippets/mini/on_gpu.py")
    from tests.build.minisite import write_recording

    write_recording(site.tree, snippet_regions.parse_regions(module)["double"].code)
    module.write_text(module.read_text().replace("* 2", "* 3"))
    result = site.build(languages.FIRST.code)
    assert result.returncode != 0
    assert "stale recording" in result.output and "on_gpu.py" in result.output, result.output


@pytest.mark.build
def test_gpu_profile_records_what_it_executed(tmp_path, monkeypatch):
    """The recording path end to end, without a GPU: CUDA is reported available, and the
    [gpu] region is plain Python, so the kernel can execute it here (without importing torch,
    a third of this test's time before)."""
    import torch

    site = MiniSite(tmp_path / "site")
    module = site.path("snippets/mini/on_gpu.py")
    cuda_code = 'import torch\n\ntorch.ones(2, device="cuda") * 2'
    assert cuda_code in module.read_text()
    module.write_text(module.read_text().replace(cuda_code, "[2.0 * x for x in (1.0, 1.0)]"))
    gpu_recordings.recording_path(site.tree, RECORDING_REF).unlink()
    fake = {**PROVENANCE, "date": "2026-02-02"}
    monkeypatch.setenv("GPU", "1")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(gpu_recordings, "provenance", lambda: fake)
    lang = languages.FIRST  # the language a build executes in (the others are served from its cache)
    # In process (the patches above hold in it), with the options of make html.
    args = sitebuild.sphinx_args(site.tree, site.path(f"docs/{lang.code}"), tmp_path / "html", tmp_path / "doctrees",
                                 language=lang.sphinx)
    build = sitebuild.run_sphinx(args, site.tree, in_process=True)
    assert build.returncode == 0, build.output
    recording = yaml.safe_load(gpu_recordings.recording_path(site.tree, RECORDING_REF).read_text())
    assert recording["output"] == "[2.0, 2.0]\n"
    assert recording["provenance"] == fake and recording["snippet"] == RECORDING_REF
    region = snippet_regions.parse_regions(module)["double"]
    assert gpu_recordings.load_recording(site.tree, RECORDING_REF, region)["code"].rstrip("\n") == region.code


def test_snippet_references_have_one_parser():
    """recording_path, region_of and the page cells all read a reference with split_ref."""
    assert snippet_regions.split_ref("gpu/a.py:x") == ("gpu/a.py", "x")
    assert gpu_recordings.recording_path(ROOT, "gpu/a.py:x") == ROOT / gpu_recordings.RECORDINGS / "gpu" / "a" / "x.yaml"
    for bad in ("gpu/a.py", "gpu/a:x", "gpu/a.py:", ":x"):
        with pytest.raises(snippet_regions.SnippetError, match="malformed snippet reference"):
            gpu_recordings.recording_path(ROOT, bad)
