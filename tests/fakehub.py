"""A fake ModelScope hub on 127.0.0.1: the endpoints modelscope 1.40.2 (modelscope_hub 0.5.1) calls for
`snapshot_download`, so tests exercise the real download code without the network.

    GET /api/v1/models/<owner>/<name>/repo/files?Revision=R&Recursive=True   file listing (Path, Size, Sha256)
    GET /api/v1/models/<owner>/<name>/repo?Revision=R&FilePath=F             file bytes; honours Range
    GET /api/v1/repos/internalAccelerationInfo                               404 (no intra-cloud region)
    GET /assets/<name>                                                        a single file (a release asset, as
                                                                              models/store/fetch.py downloads it)

Files are streamed in `chunk` byte pieces with `delay` seconds between them, so a few-MB file arrives in
many pieces (progress, cancel mid-file). Every file request is logged with its Range header and bytes sent.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Served:
    path: str  # file path inside the repo
    range: str | None
    status: int
    bytes_sent: int


@dataclass
class FakeHub:
    repos: dict[tuple[str, str], dict[str, bytes]]  # (model_id, revision) -> {path: content}
    chunk: int = 64 * 1024
    delay: float = 0.0
    log: list[Served] = field(default_factory=list)
    listings: int = 0
    assets: dict[str, bytes] = field(default_factory=dict)  # name -> content, at /assets/<name>

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fakehub", daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def served(self, path: str) -> list[Served]:
        return [s for s in self.log if s.path == path]


def listing(files: dict[str, bytes]) -> dict:
    entries = [
        {
            "Name": p.rsplit("/", 1)[-1],
            "Path": p,
            "Type": "blob",
            "Size": len(data),
            "Sha256": hashlib.sha256(data).hexdigest(),
            "IsLFS": len(data) > 1 << 20,
            "Revision": "0" * 40,
        }
        for p, data in sorted(files.items())
    ]
    return {"Code": 200, "Data": {"Files": entries}, "Message": "success", "Success": True}


_REPO = re.compile(r"^/api/v1/models/([^/]+/[^/]+)/repo(/files)?$")


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            url = urlparse(self.path)
            if url.path.startswith("/assets/"):
                name = url.path[len("/assets/"):]
                if name not in hub.assets:
                    return self._json(404, {"Code": 404, "Message": f"no asset {name}", "Success": False})
                return self._send_file(name, hub.assets[name])
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            m = _REPO.match(url.path)
            files = hub.repos.get((m.group(1), query.get("Revision", "master"))) if m else None
            if files is None:
                return self._json(404, {"Code": 404, "Message": "not found", "Success": False})
            if m.group(2):
                hub.listings += 1
                return self._json(200, listing(files))
            name = query.get("FilePath", "")
            if name not in files:
                return self._json(404, {"Code": 404, "Message": f"no file {name}", "Success": False})
            self._send_file(name, files[name])

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send_file(self, name: str, data: bytes) -> None:
            rng = self.headers.get("Range")
            start, status = 0, 200
            m = re.fullmatch(r"bytes=(\d+)-", rng or "")
            if m:
                start, status = int(m.group(1)), 206
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            body = data[start:]
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            served = Served(name, rng, status, 0)
            hub.log.append(served)
            try:
                for i in range(0, len(body), hub.chunk):
                    self.wfile.write(body[i : i + hub.chunk])
                    self.wfile.flush()
                    served.bytes_sent += len(body[i : i + hub.chunk])
                    if hub.delay:
                        time.sleep(hub.delay)  # simulated bandwidth, so progress and cancel happen mid-file
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client cancelled

    return Handler
