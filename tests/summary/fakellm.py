"""A fake OpenAI-compatible server on 127.0.0.1 for the summary tests (stdlib http.server in a thread).

    with FakeLLM(models=["qwen-test"]) as llm:
        llm.fail[2] = ("status", 404, 'model "x" not found')   # the 3rd chat request fails
        llm.fail[3] = ("stall",)                                # ... the 4th never answers (until llm.release)
        llm.fail[4] = ("cut", 3)                                # ... the 5th stops after 3 tokens mid-stream
        opts = SummaryOptions(endpoint=llm.url, ...)
        llm.chats                                               # the JSON bodies of every chat request, in order

Replies stream one token per event. The default reply (reply_for) cites the first and last sentence times it
sees in the request plus one time that is in no sentence, so tests can check that citations are cleaned.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

STAMP = re.compile(r"\[(\d{2}:\d{2}:\d{2})\]")
BOGUS = "[09:59:59]"


def reply_for(body: dict[str, Any]) -> str:
    """Minutes in the fixed section layout, citing the request's first and last time stamps and a bogus one."""
    text = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
    stamps = STAMP.findall(text)
    first, last = (stamps[0], stamps[-1]) if stamps else ("00:00:00", "00:00:00")
    names = re.findall(r"^(\S+)：$", text, re.M)
    owner = names[0] if names else "某人"
    return (f"## 摘要\n讨论了项目进度 [{first}]。\n\n## 决定\n- 按计划推进 [{first}] {BOGUS}\n\n"
            f"## 待办事项\n- 负责人：{owner}｜截止：周五｜整理文档 [{last}]\n")


class FakeLLM:
    def __init__(self, models: list[str] | None = None, context: int = 0,
                 reply: Callable[[dict[str, Any]], str] = reply_for) -> None:
        self.models = list(models or ["fake-model"])
        self.context = context
        self.reply = reply
        self.fail: dict[int, tuple[Any, ...]] = {}  # chat request index -> failure
        self.fail_all: tuple[Any, ...] | None = None
        self.chats: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
        self.release = threading.Event()
        self.arrived = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def __enter__(self) -> "FakeLLM":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def wait_for_chats(self, n: int, timeout: float = 30.0) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.chats) >= n, timeout)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        llm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _json(self, code: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                llm.requests.append(("GET", self.path, dict(self.headers)))
                if self.path.rstrip("/") != "/v1/models":
                    self._json(404, {"error": {"message": "no such path"}})
                    return
                extra = {"context_length": llm.context} if llm.context else {}
                self._json(200, {"object": "list", "data": [{"id": m, "object": "model", **extra}
                                                             for m in llm.models]})

            def do_POST(self) -> None:
                llm.requests.append(("POST", self.path, dict(self.headers)))
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with llm.arrived:
                    index = len(llm.chats)
                    llm.chats.append(body)
                    llm.arrived.notify_all()
                failure = llm.fail.get(index, llm.fail_all)
                if failure and failure[0] == "status":
                    self._json(failure[1], {"error": {"message": failure[2]}})
                    return
                if body.get("model") not in llm.models:
                    self._json(404, {"error": {"message": f"model \"{body.get('model')}\" not found, try pulling it "
                                                          "first"}})
                    return
                if failure and failure[0] == "stall":
                    llm.release.wait(60)
                    self.close_connection = True
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                tokens = re.findall(r"\[\d\d:\d\d:\d\d\]|.", llm.reply(body), re.S)
                cut = failure[1] if failure and failure[0] == "cut" else None
                for i, tok in enumerate(tokens):
                    if cut is not None and i == cut:
                        self.wfile.flush()
                        self.close_connection = True
                        return  # no final chunk: the client sees a broken stream
                    event = {"choices": [{"index": 0, "delta": {"content": tok}, "finish_reason": None}]}
                    self._chunk(f"data: {json.dumps(event, ensure_ascii=False)}\n\n")
                done = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self._chunk(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n")
                self.wfile.write(b"0\r\n\r\n")

            def _chunk(self, text: str) -> None:
                data = text.encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        return Handler
