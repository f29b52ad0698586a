"""A real HTTP server on a free 127.0.0.1 port serving `/_truth/<kind>.json` as the sandbox
does, from a dict of kinds; for tests of the checks that score the warehouse against it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def serving_truth(truth: Mapping[str, Any]) -> Iterator[str]:
    """The server's base URL while the block runs; 404 for a kind `truth` lacks."""

    class Truth(BaseHTTPRequestHandler):
        def do_GET(self):
            kind = self.path.removeprefix("/_truth/").removesuffix(".json")
            if kind not in truth:
                self.send_error(404)
                return
            body = json.dumps(truth[kind]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Truth)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
