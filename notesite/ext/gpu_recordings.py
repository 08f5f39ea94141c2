"""Sphinx extension: the GPU build profile and the recorded output of CUDA-only cells.

A snippet region tagged ``[gpu]`` (``# %% move_to_gpu [gpu]``) needs CUDA.

* GPU profile (``GPU=1``: ``make html GPU=1``): the build refuses to start without
  CUDA; ``[gpu]`` cells execute like any other; when the build has finished, the
  output of every ``[gpu]`` cell is written, with its provenance (GPU, driver, CUDA,
  torch, date), to ``docs/_gpu/recordings/<snippet path>/<region>.yaml``.
* CPU profile (the default, and CI's): ``[gpu]`` cells are never executed. The
  page shows the cell's code and the recorded output with its provenance. A
  recording whose code differs from the current region is stale and fails the
  build. A cell with no recording fails the build too, unless it is listed, with a
  reason, in ``docs/_gpu/pending.txt``; then the page tells the reader that its
  output appears after the first GPU build (how to record is on the contributing page).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import shutil
import subprocess
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from notesite.core import languages
from notesite.ext import executed
from notesite.ext import snippet_cells
from notesite.core import snippet_regions

logger = logging.getLogger(__name__)

RECORDINGS = Path("docs/_gpu/recordings")
PENDING = Path("docs/_gpu/pending.txt")


def require_cuda() -> None:
    """Fail at once, and say why, when the GPU profile runs without CUDA."""
    import torch

    if not torch.cuda.is_available():
        raise ConfigError(
            "GPU profile (GPU=1) needs CUDA, but torch.cuda.is_available() is False on this "
            f"machine (torch {torch.__version__}, built for CUDA {torch.version.cuda}). "
            "Run it on a CUDA machine, or build the CPU profile without GPU=1."
        )


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def recording_path(root: Path, ref: str) -> Path:
    file, region = snippet_regions.split_ref(ref)
    return root / RECORDINGS / file.removesuffix(".py") / f"{region}.yaml"


def pending(root: Path) -> dict[str, str]:
    """``ref -> reason`` for the GPU cells that are knowingly not recorded yet."""
    path = root / PENDING
    entries: dict[str, str] = {}
    if not path.exists():
        return entries
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        ref, _, reason = line.partition(" ")
        if not reason.strip():
            raise snippet_regions.SnippetError(f"{PENDING}:{n}: give a reason after {ref!r}")
        entries[ref] = reason.strip()
    return entries


def load_recording(root: Path, ref: str, region: snippet_regions.Region) -> dict | None:
    """The recording of a region; SnippetError when it is stale or malformed."""
    path = recording_path(root, ref)
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1}" if mark else ""
        raise snippet_regions.SnippetError(f"{path.relative_to(root)}: malformed recording (not YAML{at}: "
                                           f"{getattr(exc, 'problem', None) or exc})") from None
    for key in ("snippet", "code", "code_sha256", "output", "provenance"):
        if not isinstance(data, dict) or key not in data:
            raise snippet_regions.SnippetError(f"{path.relative_to(root)}: malformed recording (no {key!r})")
    if data["code_sha256"] != code_hash(region.code) or data["code"].rstrip("\n") != region.code:
        raise snippet_regions.SnippetError(
            f"{path.relative_to(root)}: stale recording: {ref} ({region.path}:{region.first_line}) has changed since "
            "it was recorded; run `make html GPU=1` on a CUDA machine to record it again"
        )
    return data


class GpuRecording(SphinxDirective):
    """``{gpu-recording} file.py:region``: a CUDA cell's code and its recorded output."""

    required_arguments = 1
    has_content = False

    def page_location(self) -> tuple[str, int]:
        """The cell's line in the page as written (the parser counts the filled cells' lines)."""
        return self.env.docname, snippet_cells.page_line(self.env.docname, self.lineno)

    def run(self):
        ref = self.arguments[0]
        root = Path(self.env.app.confdir)
        try:
            region = snippet_regions.region_of(root / self.config.snippets_dir, ref)
            data = load_recording(root, ref, region)
            waiting = pending(root)
        except snippet_regions.SnippetError as exc:  # a stale or malformed recording, a bad pending.txt
            logger.error(str(exc), location=self.page_location(), type="snippet", subtype="gpu")
            self.env.note_dependency(str(recording_path(root, ref)))  # re-read when it is recorded again
            return []
        self.note_dependencies(root, ref, recorded=data is not None, pending=ref in waiting)
        if data is None and ref not in waiting:
            logger.error(
                "%s: [gpu] cell has no recording (%s); record it with `make html GPU=1` on a "
                "CUDA machine, or list it with a reason in %s",
                ref, recording_path(root, ref).relative_to(root), PENDING,
                location=self.page_location(), type="snippet", subtype="gpu",
            )
            return []
        box = nodes.container(classes=["cell", executed.GPU_CELL])
        box += self.code(region)
        box += self.pending_note() if data is None else self.recorded_output(data)
        return [box]

    def note_dependencies(self, root: Path, ref: str, recorded: bool, pending: bool) -> None:
        """Re-read the page when its recording or pending.txt changes.

        A dependency that does not exist counts as changed on every build, so a cell
        without a recording that is not pending either (an error) is re-read until
        its recording exists: otherwise the next build would keep the page written
        without its cell, and pass. A pending cell waits on pending.txt instead,
        which loses its line when the recording is made.
        """
        if recorded or not pending:
            self.env.note_dependency(str(recording_path(root, ref)))
        self.env.note_dependency(str(root / PENDING))

    def code(self, region: snippet_regions.Region) -> nodes.Element:
        block = nodes.literal_block(region.code, region.code, language="ipython3", classes=["gpu-cell-code"])
        return nodes.container("", block, classes=["cell_input", "docutils"])

    def pending_note(self) -> list[nodes.Element]:
        """What a reader sees instead of the output of a cell that no GPU build has run yet."""
        lang = self.language()
        note = nodes.admonition(classes=["gpu-pending", "note"])
        note += nodes.title(text=lang["gpu_title"])
        note += self.parse_text_to_nodes(lang["gpu_pending"])
        return [note]

    def recorded_output(self, data: dict) -> list[nodes.Element]:
        """The provenance caption, then the output the GPU build recorded."""
        prov = data["provenance"]
        caption = self.language()["gpu_recorded"].format(
            gpu=prov.get("gpu"), count=prov.get("gpu_count"), driver=prov.get("driver"),
            cuda=prov.get("cuda"), torch=prov.get("torch"), date=prov.get("date"),
        )
        output = data["output"].rstrip("\n")
        return [
            nodes.paragraph(caption, caption, classes=["gpu-provenance"]),
            nodes.container("", nodes.literal_block(output, output, language="none"), classes=["cell_output", "docutils"]),
        ]

    def language(self) -> languages.Language:
        return languages.of_sphinx(self.config.language)


# --- recording, in the GPU profile -------------------------------------------------------------


def provenance() -> dict:
    import torch

    driver = "unknown"
    if shutil.which("nvidia-smi"):
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
            capture_output=True, text=True, check=False,
        ).stdout.strip().splitlines()
        driver = out[0] if out else driver
    return {
        "gpu": torch.cuda.get_device_name(0),
        "gpu_count": torch.cuda.device_count(),
        "driver": driver,
        "cuda": torch.version.cuda,
        "torch": torch.__version__,
        "date": _dt.datetime.now(_dt.timezone.utc).date().isoformat(),
    }


def cell_text(outputs: list[dict]) -> str:
    parts = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            parts.append("".join(out.get("text", "")))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            parts.append("".join(data.get("text/plain", "")) + "\n")
        elif kind == "error":
            parts.append("\n".join(out.get("traceback", [])) + "\n")
    return "".join(parts)


def record(app, exception) -> None:
    if exception is not None or not app.config.snippets_gpu_profile:
        return
    root = Path(app.confdir)
    snippets = root / app.config.snippets_dir
    prov = None
    written = 0
    for docname in sorted(app.env.found_docs):
        # The page's executed notebook: its cells with the outputs of their cached execution.
        notebook = executed.notebook(app.env, docname)
        cells = executed.notebook_cells(notebook) if notebook is not None else []
        if not cells:
            continue
        if not executed.outputs_cached(app.env, docname):
            logger.warning("%s: executed notebook not in the cache; GPU cells not recorded", docname)
            continue
        for ref, cell in cells:
            region = snippet_regions.region_of(snippets, ref)
            if not region.gpu:
                continue
            prov = prov or provenance()
            path = recording_path(root, ref)
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {
                "snippet": ref,
                "code_sha256": code_hash(region.code),
                "provenance": prov,
                "code": region.code + "\n",
                "output": cell_text(cell.get("outputs", [])),
            }
            path.write_text(yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
            written += 1
    logger.info("gpu_recordings: wrote %d recording(s) under %s", written, RECORDINGS)


class _BlockDumper(yaml.SafeDumper):
    """Multi-line strings as ``|`` blocks, so that recordings review well in a diff."""


def _str_presenter(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_presenter)


def check_profile(app, config) -> None:
    if config.snippets_gpu_profile:
        require_cuda()


def setup(app):
    app.setup_extension("notesite.ext.executed")  # the executed notebooks, whose [gpu] cells it records
    app.add_directive("gpu-recording", GpuRecording)
    app.connect("config-inited", check_profile, priority=100)
    app.connect("build-finished", record)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

