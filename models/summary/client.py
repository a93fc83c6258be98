"""An OpenAI-compatible chat client on httpx2: /models listing, streamed /chat/completions (server-sent events).

    client = ChatClient(opts)
    client.models()                         # ["qwen2.5:7b", ...]
    text = client.chat(messages, max_tokens=800, on_delta=print, cancel=event)

Only the configured endpoint is ever contacted: environment proxies are ignored (trust_env=False), redirects are
not followed. Every failure becomes a SummaryError subclass whose message says what to do.
"""
from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

import httpx2 as httpx

from models.core.errors import Cancelled
from models.summary.errors import (BrokenStream, ContextOverflow, EndpointDown, EndpointRefused, EndpointTimeout,
                                   ModelNotFound, SummaryError)
from models.summary.options import SummaryOptions

log = logging.getLogger(__name__)

Message = dict[str, str]
_OVERFLOW_HINTS = ("context length", "context_length", "context size", "context window", "maximum context",
                   "too many tokens", "exceeds the available context", "prompt is too long")


class ChatClient:
    def __init__(self, opts: SummaryOptions, transport: httpx.BaseTransport | None = None) -> None:
        self.opts = opts
        self.base = opts.endpoint.rstrip("/")
        headers = {"Authorization": f"Bearer {opts.api_key}"} if opts.api_key else {}
        timeout = httpx.Timeout(connect=opts.connect_timeout_s, read=opts.read_timeout_s, write=opts.read_timeout_s,
                                pool=opts.connect_timeout_s)
        self._http = httpx.Client(timeout=timeout, headers=headers, trust_env=False, follow_redirects=False,
                                  transport=transport)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    # -- listing
    def model_list(self) -> list[dict[str, Any]]:
        """The endpoint's /models entries (id plus whatever else the server tells)."""
        resp = self._send("GET", "/models")
        try:
            data = resp.json().get("data", [])
        except (ValueError, AttributeError) as exc:
            raise EndpointRefused(self.base, resp.status_code, f"not an OpenAI-compatible /models reply ({exc})")
        return [d for d in data if isinstance(d, dict) and d.get("id")]

    def models(self) -> list[str]:
        return [str(d["id"]) for d in self.model_list()]

    def context_length(self, model: str) -> int:
        """The context the endpoint reports for `model` (vLLM max_model_len, LM Studio / llama.cpp fields), else 0."""
        for d in self.model_list():
            if d.get("id") == model:
                meta = d.get("meta") if isinstance(d.get("meta"), dict) else {}
                for v in (d.get("max_model_len"), d.get("context_length"), d.get("max_context_length"),
                          meta.get("n_ctx"), meta.get("n_ctx_train")):
                    if isinstance(v, int) and v > 0:
                        return v
        return 0

    def resolve_model(self) -> str:
        """The configured model, checked against the listing; the first listed one when none is configured."""
        try:
            names = self.models()
        except EndpointRefused as exc:  # some servers have no /models: trust the configured name
            if self.opts.model:
                log.info("no model listing at %s (%s); using %s", self.base, exc, self.opts.model)
                return self.opts.model
            raise
        if not self.opts.model:
            if not names:
                raise ModelNotFound("", self.base, [])
            return names[0]
        if names and self.opts.model not in names:
            raise ModelNotFound(self.opts.model, self.base, names)
        return self.opts.model

    # -- chat
    def chat(self, messages: list[Message], model: str, max_tokens: int,
             on_delta: Callable[[str], None] | None = None, cancel: threading.Event | None = None) -> str:
        """Stream one reply; returns its whole text. Raises Cancelled or a SummaryError.

        The HTTP exchange runs on a helper thread and this one waits for its events, so Cancel takes effect at
        once even while the server has not sent a byte (a blocked socket read cannot be interrupted portably)."""
        body = {"model": model, "messages": messages, "stream": True, "max_tokens": max_tokens, "temperature": 0.2}
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        pump = threading.Thread(target=self._pump, args=(body, model, events, stop), daemon=True,
                                name="summary-stream")
        pump.start()
        parts: list[str] = []
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("summary cancelled")
                try:
                    kind, value = events.get(timeout=0.1)
                except queue.Empty:
                    continue
                if kind == "delta":
                    parts.append(value)
                    if on_delta is not None:
                        on_delta(value)
                elif kind == "error":
                    raise value
                else:
                    return "".join(parts)
        finally:
            stop.set()  # the helper drops the stream at its next event; a stalled one ends at its read timeout

    def _pump(self, body: dict[str, Any], model: str, events: "queue.Queue[tuple[str, Any]]",
              stop: threading.Event) -> None:
        """Runs the streamed request, putting ("delta", text), then ("done", None) or ("error", SummaryError)."""
        finished, got = False, False
        try:
            with self._http.stream("POST", self._url("/chat/completions"), json=body) as resp:
                if resp.status_code >= 400:
                    resp.read()
                    raise self._http_error(resp, model)
                for line in resp.iter_lines():
                    if stop.is_set():
                        return
                    data = _sse_data(line)
                    if data is None:
                        continue
                    if data == "[DONE]":
                        finished = True
                        break
                    delta, done = self._parse_event(data, model)
                    if delta:
                        got = True
                        events.put(("delta", delta))
                    finished = finished or done
            if not finished:
                raise BrokenStream(self.base, "the stream ended before the model said it was done")
            events.put(("done", None))
        except SummaryError as exc:
            events.put(("error", exc))
        except Exception as exc:  # noqa: BLE001 - handed to the waiting thread, which raises it
            try:
                events.put(("error", self._transport_error(exc, streaming=got)))
            except Exception as bug:  # noqa: BLE001 - not a transport failure: a bug, raised as is there
                events.put(("error", bug))

    def _parse_event(self, data: str, model: str) -> tuple[str, bool]:
        try:
            event = json.loads(data)
        except ValueError as exc:
            raise BrokenStream(self.base, f"unreadable event {data[:60]!r}") from exc
        if isinstance(event, dict) and event.get("error"):
            raise self._error_from_detail(_detail(event), 500, model)
        choice = (event.get("choices") or [{}])[0] if isinstance(event, dict) else {}
        delta = choice.get("delta") or {}
        reason = choice.get("finish_reason")
        if reason == "length":
            log.info("a reply reached max_tokens; it is kept as it is")
        return str(delta.get("content") or ""), reason is not None

    # -- errors
    def _url(self, path: str) -> str:
        return self.base + path

    def _send(self, method: str, path: str) -> httpx.Response:
        try:
            resp = self._http.request(method, self._url(path))
        except Exception as exc:
            raise self._transport_error(exc, streaming=False) from exc
        if resp.status_code >= 400:
            raise self._http_error(resp, self.opts.model)
        return resp

    def _transport_error(self, exc: Exception, streaming: bool) -> SummaryError:
        if isinstance(exc, httpx.TimeoutException):
            return EndpointTimeout(self.base, self.opts.read_timeout_s if streaming or isinstance(
                exc, httpx.ReadTimeout) else self.opts.connect_timeout_s)
        if isinstance(exc, (httpx.ConnectError, httpx.UnsupportedProtocol, httpx.InvalidURL)):
            return EndpointDown(self.base, str(exc) or type(exc).__name__)
        if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.StreamError)):
            return BrokenStream(self.base, str(exc) or type(exc).__name__)
        if isinstance(exc, httpx.HTTPError):
            return EndpointDown(self.base, str(exc) or type(exc).__name__)
        raise exc

    def _http_error(self, resp: httpx.Response, model: str) -> SummaryError:
        try:
            detail = _detail(resp.json())
        except ValueError:
            detail = resp.text[:300]
        return self._error_from_detail(detail, resp.status_code, model)

    def _error_from_detail(self, detail: str, status: int, model: str) -> SummaryError:
        low = detail.lower()
        if any(h in low for h in _OVERFLOW_HINTS):
            return ContextOverflow(self.opts.context_tokens, detail)
        if status == 404 or ("model" in low and ("not found" in low or "does not exist" in low)):
            if "model" in low or status == 404 and model:
                return ModelNotFound(model, self.base)
        return EndpointRefused(self.base, status, detail)


def _sse_data(line: str) -> str | None:
    """The data of one server-sent event line; None for comments, blank lines and other fields."""
    if not line.startswith("data:"):
        return None
    return line[5:].strip()


def _detail(payload: Any) -> str:
    """The error text of an OpenAI-style {"error": {"message": ...}} (or {"error": "..."}) body."""
    if isinstance(payload, dict):
        err = payload.get("error", payload.get("detail", payload.get("message")))
        if isinstance(err, dict):
            return str(err.get("message") or err)
        if err:
            return str(err)
    return str(payload)[:300]
