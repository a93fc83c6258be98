"""Smaller parts: what counts as local, templates the user edits, minutes in the Markdown and DOCX exports."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.summary import templates
from models.summary.locality import endpoint_key, is_local
from models.summary.minutes import parse


@pytest.mark.parametrize("url, local", [
    ("http://127.0.0.1:11434/v1", True), ("http://localhost:8080/v1", True), ("http://[::1]:1234/v1", True),
    ("http://127.8.9.1/v1", True), ("http://192.168.1.5:11434/v1", False), ("http://10.0.0.2/v1", False),
    ("https://api.example.com/v1", False), ("http://0.0.0.0:11434/v1", False), ("http://localhost.evil.com/v1", False),
    ("not a url", False),
])
def test_only_loopback_is_local(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_consent_is_per_server() -> None:
    assert endpoint_key("https://h.example/v1") == endpoint_key("https://H.example:443/other")
    assert endpoint_key("http://h.example:8080/v1") != endpoint_key("http://h.example:8081/v1")


def test_user_template_overrides_and_broken_one_falls_back(tmp_path: Path) -> None:
    f = templates.user_copy("minutes", "zh", base=tmp_path)
    assert templates.load("minutes", "zh", base=tmp_path).system == templates.load("minutes", "zh").system
    f.write_text("[system]\n只写三句话 {speakers}\n[map]\n分段\n[reduce]\n合并\n", encoding="utf-8")
    tpl = templates.load("minutes", "zh", base=tmp_path)
    assert tpl.source == str(f) and tpl.system_for(["张三"], "simplified") == "只写三句话 张三"
    f.write_text("[system]\nno other parts\n", encoding="utf-8")
    assert templates.load("minutes", "zh", base=tmp_path).source == "built-in"
    (f.parent / "standup.en.txt").write_text("[system]\nS\n[map]\nM\n[reduce]\nR\n", encoding="utf-8")
    assert templates.names(base=tmp_path)[-1] == "standup"
    assert templates.load("standup", "en", base=tmp_path).map == "M"


def test_minutes_parse_owner_due_and_citations() -> None:
    m = parse("## 摘要\n周会 [00:01:02]\n## 决定\n- 下周上线 [00:02:00][00:03:00]\n- 无\n## 待办事项\n"
              "- 负责人：李四｜截止：未定｜写测试 [00:04:00]\n- [ ] 1. 负责人：张三；截止：12月5日；发布说明\n")
    assert m.summary == "周会 [00:01:02]"
    assert [(p.text, p.cites_ms) for p in m.decisions] == [("下周上线", (120_000, 180_000))]
    assert [(a.task, a.owner, a.due) for a in m.actions][0] == ("写测试", "李四", "")
    assert m.actions[0].cites_ms == (240_000,)
    assert m.actions[1].owner == "张三" and m.actions[1].due == "12月5日"


def test_minutes_in_markdown_and_docx() -> None:
    from docx import Document
    import io

    from models.core.transcript import Segment, Transcript
    from models.export.docx import render_docx
    from models.export.markdown import render_markdown

    t = Transcript("/x/周会.wav", 10_000, [Segment(0, 2000, "我们下周上线。", speaker=0)], speakers={0: "张三"})
    m = parse("## 摘要\n同意上线 [00:00:00]\n## 决定\n- 下周上线 [00:00:00]\n## 待办事项\n"
              "- 负责人：张三｜截止：周五｜写发布说明 [00:00:00]\n")
    md = render_markdown(t, m)
    assert "同意上线 `00:00:00`" in md and "- 下周上线 `00:00:00`" in md
    assert "| 写发布说明 | 张三 | 周五 | 00:00:00 |" in md
    assert "## 摘要" not in render_markdown(t)  # no summary: the minutes are as before
    doc = Document(io.BytesIO(render_docx(t, m)))
    cells = [c.text for c in doc.tables[0].rows[1].cells]
    assert cells == ["写发布说明", "张三", "周五", "00:00:00"]
