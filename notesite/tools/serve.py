"""Serve the built site on localhost, answering a missing URL with the site's 404 page.

``make serve`` runs this, and the browser tests (tests/browser.py) use
``make_server``, so that readers and tests see the same server. It is Python's
``http.server`` plus two things a static host such as GitHub Pages does: a path
that does not exist gets ``404.html`` from the site root (with status 404), and a
text file (HTML, CSS, JavaScript, SVG, JSON, notebooks) goes out gzip-compressed to a
client that accepts it (``Accept-Encoding: gzip``), so that what a browser transfers
here is what it transfers from the published site (notesite/tools/page_weight.py
measures it). A client that does not ask for gzip gets the file as it is.

    python notesite/tools/serve.py [--port 8000] [--bind 127.0.0.1] [_build/html]
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from pathlib import Path

NOT_FOUND_PAGE = "404.html"
# Content types sent gzip-compressed to a client that accepts it (images and fonts are
# compressed already).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/x-ipynb+json")


@functools.lru_cache(maxsize=512)
def compressed(path: str, mtime_ns: int, size: int) -> bytes:
    """The file at ``path`` gzip-compressed, once per version of it (its time and size in the key).
    A first visit fetches the page and the theme's scripts and style sheets (28 files, 983 KiB for
    tensors/basics.html); compressing them at gzip's level 9 on every visit took the serving
    process (a test worker, with a first visit for each page in the full tier) 0.2 s of CPU each."""
    with open(path, "rb") as f:
        return gzip.compress(f.read(), mtime=0)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    quiet = False
    compress = True
    # Notebooks as JSON text, so that they are compressed like the other text files.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".ipynb": "application/x-ipynb+json"}

    def send_head(self):
        """A text file, gzip-compressed when the client accepts it; anything else as http.server sends it."""
        path = self.translate_path(self.path)
        ctype = self.guess_type(path)
        if (not self.compress or not os.path.isfile(path) or self.path.endswith("/") or not ctype.startswith(COMPRESSIBLE)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        stat = os.stat(path)
        mtime = int(stat.st_mtime)
        try:
            since = email.utils.parsedate_to_datetime(self.headers.get("If-Modified-Since", "")).timestamp()
        except (TypeError, ValueError):
            since = None
        if since is not None and since >= mtime:
            self.send_response(http.server.HTTPStatus.NOT_MODIFIED)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        body = compressed(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(http.server.HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(mtime))
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / NOT_FOUND_PAGE
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def make_server(directory: str | Path, port: int = 0, bind: str = "127.0.0.1", quiet: bool = False,
                compress: bool = True):
    """A threading HTTP server for ``directory``; port 0 picks a free port; ``compress=False``: no gzip."""
    handler = functools.partial(type("Handler", (SiteHandler,), {"quiet": quiet, "compress": compress}),
                                directory=str(directory))
    return http.server.ThreadingHTTPServer((bind, port), handler)


@contextlib.contextmanager
def serving(directory: str | Path, compress: bool = True):
    """Serve ``directory`` on a free localhost port in a thread, as `make serve` does; yields the URL.

    ``compress=False``: text files go out uncompressed even to a browser that accepts gzip.
    """
    server = make_server(directory, port=0, quiet=True, compress=compress)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="_build/html", help="the built site (default: _build/html)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    site = Path(args.directory)
    if not (site / "index.html").is_file():
        print(f"{site} has no built site: run `make html` first", file=sys.stderr)
        return 2
    with make_server(site, args.port, args.bind) as server:
        host, port = server.server_address[:2]
        print(f"Serving {site} on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
