"""The warning gate (docs/_ipython/warning_gate.py) applies to snippet code run by the tests.

The build's kernels install the same list (profile_default/startup/20-warning-gate.py;
tests/build/test_build_behaviour.py proves the build side on the mini-site). Here: a
snippet module that raises a deprecation warning fails under the test helpers
(``run_snippet``, which the ``snippet`` fixture uses, and ``run_by_region``), and one
that catches and prints it, as a page that shows a deprecated call on purpose does,
runs. The modules are written to a temporary folder: nothing under snippets/ raises.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.helpers import run_by_region, run_snippet

DEPRECATED = {
    "DeprecationWarning": 'warnings.warn("old_total() is deprecated; use sum()", DeprecationWarning)',
    "FutureWarning": 'warnings.warn("the default of keep_dims will change", FutureWarning)',
    # torch's style: a UserWarning that says so (torch.set_default_tensor_type, for one)
    "UserWarning": 'warnings.warn("torch.old_total() is deprecated as of PyTorch 2.1, use sum()", UserWarning)',
}


def module(tmp_path, body: str):
    path = tmp_path / "mod.py"
    path.write_text(f'"""A snippet module for the gate\'s test."""\n# %% first\nimport warnings\n\n# %% second\n{body}\n')
    return path.name


@pytest.mark.parametrize("category", DEPRECATED)
def test_deprecation_warning_fails_a_snippet_run(tmp_path, category):
    name = module(tmp_path, DEPRECATED[category])
    with pytest.raises(Warning, match="deprecated|will change") as raised:
        run_snippet(name, snippets=tmp_path)
    assert type(raised.value).__name__ == category
    with pytest.raises(Warning) as raised:
        list(run_by_region(name, snippets=tmp_path))
    assert type(raised.value).__name__ == category


def test_other_user_warnings_pass_and_the_filters_are_restored(tmp_path):
    import warnings

    before = list(warnings.filters)
    name = module(tmp_path, 'warnings.warn("the image is larger than the screen", UserWarning)\nresult = 1')
    with pytest.warns(UserWarning, match="larger than the screen"):
        assert run_snippet(name, snippets=tmp_path)["result"] == 1
    assert warnings.filters == before


def test_caught_and_printed_deprecation_runs(tmp_path):
    body = textwrap.dedent(f"""\
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            {DEPRECATED["UserWarning"]}
        for warning in caught:
            print(f"{{warning.category.__name__}}: {{warning.message}}")
        """)
    outputs = {region: out for region, _, out in run_by_region(module(tmp_path, body), snippets=tmp_path)}
    assert outputs["second"] == "UserWarning: torch.old_total() is deprecated as of PyTorch 2.1, use sum()\n"

