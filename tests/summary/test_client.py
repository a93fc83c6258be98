"""The chat client against the fake server: listing, streaming, and one clear error per failure."""
from __future__ import annotations

import threading

import pytest

from models.core.errors import Cancelled
from models.summary.client import ChatClient
from models.summary.errors import (BrokenStream, ContextOverflow, EndpointDown, EndpointRefused, EndpointTimeout,
                                   ModelNotFound)
from models.summary.options import SummaryOptions
from tests.summary.fakellm import FakeLLM

HELLO = [{"role": "user", "content": "[00:00:01] 你好"}]


def client(llm: FakeLLM, **kw: object) -> ChatClient:
    return ChatClient(SummaryOptions(endpoint=llm.url, **kw))  # type: ignore[arg-type]


def test_lists_models_and_streams_a_reply(llm: FakeLLM) -> None:
    llm.models.append("second")
    llm.context = 32768
    c = client(llm, model="second", api_key="sk-local")
    assert c.models() == ["fake-model", "second"]
    assert c.resolve_model() == "second"
    assert c.context_length("second") == 32768
    deltas: list[str] = []
    text = c.chat(HELLO, "second", 100, on_delta=deltas.append)
    assert len(deltas) > 5 and "".join(deltas) == text and "## 摘要" in text
    assert llm.chats[0]["stream"] is True and llm.chats[0]["max_tokens"] == 100
    assert all(h.get("Authorization") == "Bearer sk-local" for _m, _p, h in llm.requests)


def test_first_listed_model_when_none_is_set(llm: FakeLLM) -> None:
    assert client(llm).resolve_model() == "fake-model"


def test_endpoint_down_says_to_start_the_server() -> None:
    with FakeLLM() as llm:
        url = llm.url
    with pytest.raises(EndpointDown, match="Start your language model server"):
        ChatClient(SummaryOptions(endpoint=url, connect_timeout_s=5)).models()


def test_model_not_pulled(llm: FakeLLM) -> None:
    with pytest.raises(ModelNotFound, match="ollama pull qwen"):
        client(llm, model="qwen").resolve_model()
    with pytest.raises(ModelNotFound, match="not available"):  # listed nowhere, asked anyway
        client(llm).chat(HELLO, "qwen", 50)


def test_context_overflow_says_what_to_set(llm: FakeLLM) -> None:
    llm.fail[0] = ("status", 400, "This model's maximum context length is 2048 tokens")
    with pytest.raises(ContextOverflow, match="context length"):
        client(llm, context_tokens=2048).chat(HELLO, "fake-model", 50)


def test_bad_key_is_named(llm: FakeLLM) -> None:
    llm.fail[0] = ("status", 401, "invalid api key")
    with pytest.raises(EndpointRefused, match="API key"):
        client(llm).chat(HELLO, "fake-model", 50)


def test_stall_times_out(llm: FakeLLM) -> None:
    llm.fail[0] = ("stall",)
    with pytest.raises(EndpointTimeout, match="stopped answering"):
        client(llm, read_timeout_s=0.5).chat(HELLO, "fake-model", 50)


def test_cut_stream_is_reported(llm: FakeLLM) -> None:
    llm.fail[0] = ("cut", 4)
    with pytest.raises(BrokenStream, match="cut off"):
        client(llm).chat(HELLO, "fake-model", 50)


def test_cancel_while_the_server_says_nothing(llm: FakeLLM) -> None:
    llm.fail[0] = ("stall",)
    cancel = threading.Event()
    threading.Thread(target=lambda: (llm.wait_for_chats(1), cancel.set()), daemon=True).start()
    with pytest.raises(Cancelled):  # the read timeout is 300 s: only Cancel can end this test
        client(llm).chat(HELLO, "fake-model", 50, cancel=cancel)


def test_proxies_in_the_environment_are_ignored(llm: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")  # nothing listens there: using it would fail
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert client(llm).models() == ["fake-model"]
