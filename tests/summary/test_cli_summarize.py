"""`main.py summarize`: minutes written only when complete, a clear message per failure, nothing sent elsewhere."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from models.cli.main import main as cli
from tests.summary.conftest import meeting
from tests.summary.fakellm import FakeLLM


@pytest.fixture
def transcript_json(tmp_path: Path) -> Path:
    src = tmp_path / "weekly.json"
    src.write_text(json.dumps(meeting(hours=0.3).to_dict(), ensure_ascii=False), encoding="utf-8")
    return src


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_writes_markdown_and_docx_minutes(llm: FakeLLM, transcript_json: Path, tmp_path: Path) -> None:
    assert cli(["summarize", str(transcript_json), "--endpoint", llm.url, "--context", "2048", "-q"]) == 0
    md = (tmp_path / "weekly.minutes.md").read_text(encoding="utf-8")
    assert md.index("## 摘要") < md.index("## 决定") < md.index("## 待办事项") < md.index("## 记录")
    assert "| 整理文档 |" in md and "| 周五 |" in md
    out = tmp_path / "m.docx"
    assert cli(["summarize", str(transcript_json), "--endpoint", llm.url, "--context", "2048", "-q", "-o",
                str(out)]) == 0
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "摘要" in text and "待办事项" in text and "按计划推进" in text
    assert files(tmp_path) == {"weekly.json", "weekly.minutes.md", "m.docx"}  # no cache left behind


@pytest.mark.parametrize("failure, message", [
    (("status", 404, 'model "x" not found, try pulling it first'), "ollama pull"),
    (("status", 400, "the request exceeds the available context size"), "context length"),
    (("cut", 3), "cut off"),
    (("stall",), "stopped answering"),
])
def test_each_failure_says_what_to_do_and_writes_nothing(llm: FakeLLM, transcript_json: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          failure: tuple, message: str) -> None:
    llm.fail_all = failure
    before = files(tmp_path)
    rc = cli(["summarize", str(transcript_json), "--endpoint", llm.url, "--context", "2048", "--timeout", "0.5",
              "-q"])
    assert rc == 1
    assert message in capsys.readouterr().err
    assert files(tmp_path) == before


def test_endpoint_down(transcript_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with FakeLLM() as gone:
        url = gone.url
    assert cli(["summarize", str(transcript_json), "--endpoint", url, "-q"]) == 1
    assert "Nothing answers at" in capsys.readouterr().err
    assert files(tmp_path) == {"weekly.json"}


def test_remote_endpoint_needs_consent(transcript_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_a: object, **_k: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli(["summarize", str(transcript_json), "--endpoint", "http://192.0.2.10:11434/v1", "-q"]) == 1
    err = capsys.readouterr().err
    assert "not on this computer" in err and "--allow-remote" in err


def test_nothing_goes_anywhere_but_the_endpoint(llm: FakeLLM, transcript_json: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real = socket.socket.connect

    def record(self: socket.socket, address: object) -> None:
        seen.append(address)
        real(self, address)

    monkeypatch.setattr(socket.socket, "connect", record)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.2:3128")
    assert cli(["summarize", str(transcript_json), "--endpoint", llm.url, "--context", "2048", "-q"]) == 0
    assert seen and all(a[:2] == ("127.0.0.1", llm.port) for a in seen)  # type: ignore[index]
    assert {path for _m, path, _h in llm.requests} <= {"/v1/models", "/v1/chat/completions"}


def test_not_a_transcript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        cli(["summarize", str(bad)])
    assert exc.value.code == 2 and "not a Tingxie JSON transcript" in capsys.readouterr().err
