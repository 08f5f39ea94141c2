"""Serve the built site on localhost, answering a missing URL with the site's 404 page.

``make serve`` runs this, and the browser tests (tests/browser.py) use
``make_server``, so that readers and tests see the same server. It is Python's
``http.server`` plus one thing: a path that does not exist gets ``404.html``
from the site root (with status 404), as a static host such as GitHub Pages does.

    python docs/_tools/serve.py [--port 8000] [--bind 127.0.0.1] [_build/html]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path

NOT_FOUND_PAGE = "404.html"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    quiet = False

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


def make_server(directory: str | Path, port: int = 0, bind: str = "127.0.0.1", quiet: bool = False):
    """A threading HTTP server for ``directory``; port 0 picks a free port."""
    handler = functools.partial(type("Handler", (SiteHandler,), {"quiet": quiet}), directory=str(directory))
    return http.server.ThreadingHTTPServer((bind, port), handler)


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
