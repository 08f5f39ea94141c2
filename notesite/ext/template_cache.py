"""Sphinx extension: the HTML templates are compiled once per process, not once per build.

Each build makes a new Jinja environment, which compiles every template it renders (the
theme's layouts, about forty) again: a quarter of a small build's time in its main process.
A process that builds many times (the tests' in-process builds of the mini-site; sphinx-autobuild
starts a process per build) paid it on every build. Here the environment is given a bytecode cache held in memory for the
process: Jinja keys each compiled template on its name and file and checks it against the sha1
of its source, so an edited template is compiled again (tests/build/test_template_cache.py
edits one between two builds); the key also holds what of the environment changes the compiled
code (``signature``: its syntax, extensions, filters and tests ...), so two environments set up
differently do not share one.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class ProcessBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in this process's memory (a dict), for every environment."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        key = f"{signature(environment)}:{self.get_cache_key(name, filename)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # keeps it only if the source's checksum matches

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def signature(environment) -> str:
    """What of ``environment`` shapes the code a template compiles to: its syntax, extensions,
    gettext style, sync or async code, autoescaping, and the functions the compiler calls or looks
    up while compiling (``finalize``, the filters and tests, named with their identity: the same
    functions in every build of a process, so their compiled templates are shared)."""
    syntax = (environment.block_start_string, environment.block_end_string, environment.variable_start_string,
              environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
              environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
              environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline)
    functions = sorted((kind, name, id(function)) for kind, table in (("filter", environment.filters),
                                                                      ("test", environment.tests))
                       for name, function in table.items())
    return repr((type(environment).__qualname__, sorted(environment.extensions), syntax, environment.optimized,
                 environment.is_async, getattr(environment, "newstyle_gettext", None),
                 environment.policies.get("ext.i18n.trimmed"), environment.autoescape, id(environment.finalize),
                 functions))


CACHE = ProcessBytecodeCache()


def use_cache(app) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.bytecode_cache = CACHE


def setup(app):
    app.connect("builder-inited", use_cache)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
