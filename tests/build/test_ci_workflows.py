"""The GitHub Actions workflows (.github/workflows): audited by zizmor, pinned, least privilege.

Issue 16 items 4 and 5. zizmor (pinned in requirements.txt) audits the workflows offline;
the other tests read the YAML and check what zizmor does not: every action pinned to a
commit with its release tag in a comment, the Pages permissions granted to the deploy job
alone, a deploy that only a push to main triggers, caches keyed on what the built pages
depend on, and CI running the same target as .ci/run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
CI = WORKFLOWS / "ci.yml"
ZIZMOR = Path(sys.executable).with_name("zizmor")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The ``on:`` block as a dict (YAML 1.1 reads the bare key ``on`` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on)


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def uses(step: dict) -> str:
    return (step.get("uses") or "").split("@")[0]


def jobs_using(workflow: dict, action: str) -> list[str]:
    return [name for name, job in workflow["jobs"].items() if any(uses(s) == action for s in steps(job))]


def build_job(workflow: dict) -> dict:
    """The job that builds the site (``make html``)."""
    found = [job for job in workflow["jobs"].values()
             if any(s.get("run", "").strip() == "make html" for s in steps(job))]
    assert len(found) == 1, f"expected one job running make html, found {len(found)}"
    return found[0]


def step_using(job: dict, action: str, path_part: str = "") -> dict:
    found = [s for s in steps(job)
             if uses(s) == action and path_part in str((s.get("with") or {}).get("path", ""))]
    assert len(found) == 1, f"expected one {action} step (path containing {path_part!r}), found {len(found)}"
    return found[0]


# The one condition under which the site is published: a push to main (GitHub's
# expression syntax; a job's `if` without a status function runs only after its needs passed).
PUBLISH_IF = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def condition(value) -> str:
    """An ``if:`` as written, without the optional ``${{ }}``, its spaces collapsed."""
    text = str(value).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    return " ".join(text.split())


def test_zizmor_reports_no_finding():
    """zizmor's offline audits (regular persona, ignore comments not honoured) find nothing.

    ``--strict-collection`` also fails on a workflow that does not match GitHub's schema.
    zizmor exits 0 when it reports no finding, 10 + the highest severity otherwise.
    """
    assert WORKFLOW_FILES, "no workflow found"
    cmd = [str(ZIZMOR), "--offline", "--no-ignores", "--strict-collection", "--format", "plain",
           "--color", "never", "--render-links", "never", str(WORKFLOWS.relative_to(ROOT))]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"zizmor exited {proc.returncode}:\n{output}"
    assert "No findings to report" in proc.stdout, output


def test_every_action_pinned_to_a_commit_with_its_tag():
    """``uses: owner/repo@<40-hex commit> # vX.Y.Z`` on every step, in every workflow."""
    bad, counted = [], 0
    for path in WORKFLOW_FILES:
        workflow = load(path)
        in_yaml = [s["uses"] for job in workflow["jobs"].values() for s in steps(job) if "uses" in s]
        in_yaml += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
        text = path.read_text(encoding="utf-8")
        lines = [m.group(1).strip() for m in re.finditer(r"^\s*(?:-\s+)?uses:\s*(.+)$", text, re.M)]
        assert len(lines) == len(in_yaml), f"{path.name}: a uses: the line check does not see"
        bad += [f"{path.name}: uses: {line}" for line in lines if not PINNED.match(line)]
        counted += len(lines)
    assert counted, "no uses: found"
    assert not bad, "not pinned to a full commit SHA with '# vX.Y.Z':\n" + "\n".join(bad)


def test_checkouts_do_not_keep_the_token():
    for path in WORKFLOW_FILES:
        for name, job in load(path)["jobs"].items():
            for step in steps(job):
                if uses(step) == "actions/checkout":
                    assert (step.get("with") or {}).get("persist-credentials") is False, f"{path.name}: {name}"


def test_only_the_deploy_job_may_write_pages_and_mint_tokens():
    """Top level: no permission (or read); ``pages``/``id-token: write`` only on the deploy job."""
    ci = load(CI)
    deploy = jobs_using(ci, "actions/deploy-pages")
    assert len(deploy) == 1, f"expected one job using actions/deploy-pages, found {deploy}"
    assert ci["jobs"][deploy[0]].get("permissions") == {"pages": "write", "id-token": "write"}
    for path in WORKFLOW_FILES:
        workflow = load(path)
        top = workflow.get("permissions")
        assert top in ({}, {"contents": "read"}), f"{path.name}: top-level permissions {top!r}"
        for name, job in workflow["jobs"].items():
            perms = job.get("permissions")
            assert isinstance(perms, dict), f"{path.name}: job {name} has no permissions: block"
            if (path, name) == (CI, deploy[0]):
                continue
            assert set(perms.items()) <= {("contents", "read")}, f"{path.name}: job {name} asks {perms!r}"


def test_pages_deploy_only_on_push_to_main():
    """The deploy job, and the build job's upload for it, run for a push to main and nothing else."""
    ci = load(CI)
    on = triggers(ci)
    assert "push" in on and "pull_request" in on, on
    deploy_jobs = jobs_using(ci, "actions/deploy-pages")
    assert len(deploy_jobs) == 1, f"expected one job using actions/deploy-pages, found {deploy_jobs}"
    deploy = ci["jobs"][deploy_jobs[0]]
    build = build_job(ci)
    needs = deploy.get("needs")
    assert [ci["jobs"][n] for n in ([needs] if isinstance(needs, str) else needs or [])] == [build], needs
    assert (deploy.get("environment") or {}).get("name") == "github-pages", deploy.get("environment")
    cached = [uses(s) for s in steps(deploy) if uses(s) in {"actions/cache", "actions/setup-python"}]
    assert not cached, f"the deploy job restores caches ({cached})"
    upload = step_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_build/html"
    assert condition(deploy.get("if")) == PUBLISH_IF, deploy.get("if")
    assert condition(upload.get("if")) == PUBLISH_IF, upload.get("if")
    # The deploy job deploys what the build job uploaded, after its tests passed.
    tests = [i for i, s in enumerate(steps(build)) if s.get("run", "").strip() == "make test-all"]
    assert tests and steps(build).index(upload) > tests[0], "the site is handed to the deploy job before the tests"


def test_ci_runs_what_ci_run_runs():
    """CI builds, then runs ``make test-all``, as .ci/run does."""
    script = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    assert "make test-all" in script, script
    ci = load(CI)
    runs = [s["run"].strip() for s in steps(build_job(ci)) if "run" in s]
    assert "make test-all" in runs, runs
    assert runs.index("make html") < runs.index("make test-all"), runs


def test_the_published_site_carries_its_pdfs():
    """``make pdf`` prints the PDFs into the site that the pages link, before the site is handed on."""
    job = build_job(load(CI))
    order = [uses(s) or s.get("run", "").strip() for s in steps(job)]
    assert "make pdf" in order, order
    assert order.index("make html") < order.index("make pdf") < order.index("actions/upload-pages-artifact"), order


def test_caches_start_clean_on_a_new_environment():
    """The pip cache keys on requirements.txt; the execution cache also on the kernel profile
    and the Python version, and falls back only to a cache of the same key prefix."""
    ci = load(CI)
    job = build_job(ci)
    pip = step_using(job, "actions/cache", ".cache/pip")["with"]
    assert "hashFiles('requirements.txt')" in pip["key"], pip
    assert "restore-keys" not in pip, pip
    exe = step_using(job, "actions/cache", "_build/.jupyter_cache")["with"]
    env_part = "hashFiles('requirements.txt', 'docs/_ipython/**')"
    assert env_part in exe["key"] and "python-version" in exe["key"], exe
    prefix = exe["key"][: exe["key"].index(env_part) + len(env_part)]
    for restore in filter(None, map(str.strip, str(exe.get("restore-keys", "")).splitlines())):
        assert restore.startswith(prefix), f"restore key {restore!r} may restore a cache of another environment"
    # Both are restored before the build that uses them.
    order = [uses(s) or s.get("run", "").strip() for s in steps(job)]
    assert max(i for i, s in enumerate(steps(job)) if uses(s) == "actions/cache") < order.index("make html")


@pytest.mark.parametrize("pattern", ["_build/html", "test-artifacts", "_build/pdf/*.pdf"])
def test_what_readers_browse_is_kept(pattern):
    ci = load(CI)
    step = step_using(build_job(ci), "actions/upload-artifact", pattern)
    assert step["with"]["path"] == pattern
    if pattern.endswith(".pdf"):
        assert step["with"].get("if-no-files-found") == "ignore"
