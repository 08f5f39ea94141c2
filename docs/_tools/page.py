"""Build one page in both languages, fast: ``make page PAGE=tensors/basics``.

For authors: the page is copied alone into a scratch source folder per language
and built with the shared execution cache, so an unchanged page executes nothing
and an edited snippet executes once for both languages. The result opens at
``_build/page/<lang>/<page>.html``. Links to other pages are not resolved here
(only the full ``make html`` checks them), so warnings are shown, not fatal.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"zh": "zh_CN", "en": "en"}


def build_page(page: str) -> int:
    page = page.removesuffix(".md").strip("/")
    status = 0
    for site, language in LANGS.items():
        source = ROOT / "docs" / site / f"{page}.md"
        if not source.is_file():
            print(f"error: {source.relative_to(ROOT)} does not exist", file=sys.stderr)
            return 2
        scratch = ROOT / "_build" / "page-src" / site
        shutil.rmtree(scratch, ignore_errors=True)
        (scratch / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, scratch / f"{page}.md")
        out = ROOT / "_build" / "page" / site
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(ROOT),
             "-D", f"language={language}", "-D", f"root_doc={page}",
             "-d", str(ROOT / "_build" / "page-doctrees" / site), str(scratch), str(out)],
            cwd=ROOT,
        )
        status = status or proc.returncode
        print(f"[{site}] {out.relative_to(ROOT)}/{page}.html  ({time.perf_counter() - start:.1f} s)")
    return status


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: page.py <page path under docs/<lang>/, e.g. tensors/basics>")
    sys.exit(build_page(sys.argv[1]))
