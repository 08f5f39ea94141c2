"""Per-page data in the build environment, kept by Sphinx's ``EnvironmentCollector``.

An extension that keeps data per page subclasses ``PageData``, names its
environment attributes in ``FIELDS`` (each a dict: docname -> value) and registers
the class with ``app.add_env_collector``. Sphinx then drops a page's entries when
the page is re-read or removed (``env-purge-doc``) and merges the entries that
parallel reading processes collected (``env-merge-info``); ``process_doc``
(``doctree-read``) is where a subclass may fill them. ``of(env, field)`` is one
attribute, empty before anything was collected.
"""

from __future__ import annotations

from sphinx.environment.collectors import EnvironmentCollector


def of(env, field: str) -> dict:
    """The attribute ``field`` of the environment: docname -> value, created empty."""
    if not hasattr(env, field):
        setattr(env, field, {})
    return getattr(env, field)


class PageData(EnvironmentCollector):
    FIELDS: tuple[str, ...] = ()

    def clear_doc(self, app, env, docname: str) -> None:
        for field in self.FIELDS:
            of(env, field).pop(docname, None)

    def merge_other(self, app, env, docnames, other) -> None:
        for field in self.FIELDS:
            theirs = getattr(other, field, {})
            of(env, field).update({d: theirs[d] for d in docnames if d in theirs})

    def process_doc(self, app, doctree) -> None:
        """Filled elsewhere unless a subclass says otherwise."""
