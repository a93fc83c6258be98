"""A 3-hour meeting with a small context: map and reduce, every request fits, every citation is real."""
from __future__ import annotations

import pytest

from models.core.transcript import Transcript
from models.summary import chunks as chunking
from models.summary.citations import EXACT, cited_ms
from models.summary.errors import ContextOverflow
from models.summary.options import SummaryOptions
from models.summary.run import MESSAGE_OVERHEAD, Summarizer, SummaryEvent
from tests.summary.conftest import meeting
from tests.summary.fakellm import BOGUS, FakeLLM

CONTEXT = 2048


def run(llm: FakeLLM, t: Transcript, **kw: object) -> tuple[Summarizer, object, list[SummaryEvent]]:
    events: list[SummaryEvent] = []
    kw.setdefault("context_tokens", CONTEXT)
    s = Summarizer(SummaryOptions(endpoint=llm.url, model="fake-model", **kw))  # type: ignore[arg-type]
    return s, s.run(t, on_event=events.append), events


def request_tokens(body: dict) -> int:
    return sum(chunking.count_tokens(m["content"]) + MESSAGE_OVERHEAD for m in body["messages"]) + body["max_tokens"]


def sentence_starts(t: Transcript) -> set[int]:
    return {s.start_ms // 1000 * 1000 for s in t.segments}


def test_three_hours_map_then_reduce(llm: FakeLLM, three_hours: Transcript) -> None:
    _s, minutes, events = run(llm, three_hours)
    maps = [c for c in llm.chats if "下面是一段较长记录中的一部分" in c["messages"][1]["content"]]
    reduces = [c for c in llm.chats if "各部分的整理结果" in c["messages"][1]["content"]]
    assert len(maps) > 20 and len(reduces) > 1  # a small context forces several reduce rounds
    assert len(maps) + len(reduces) == len(llm.chats)
    assert all(request_tokens(c) <= CONTEXT for c in llm.chats), max(map(request_tokens, llm.chats))
    # every sentence reaches exactly one map request, whole, under its own time
    sent = "".join(c["messages"][1]["content"] for c in maps)
    for seg in three_hours.segments[::97]:
        assert sent.count(f"{chunking.stamp(seg.start_ms)} {seg.text}\n") == 1
    # speaker names (given and default) reach the prompts
    assert "张三：\n" in sent and "李四：\n" in sent and "说话人3：\n" in sent
    assert all(name in llm.chats[0]["messages"][0]["content"] for name in ("张三", "李四", "说话人3"))
    # citations: the fake cites a time that is in no sentence; none survive, all others are sentence starts
    starts = sentence_starts(three_hours)
    assert BOGUS not in minutes.text  # type: ignore[attr-defined]
    cites = cited_ms(minutes.text)  # type: ignore[attr-defined]
    assert cites and set(cites) <= starts
    assert minutes.decisions and minutes.actions and minutes.actions[0].due == "周五"  # type: ignore[attr-defined]
    for c in reduces:  # what the reduce step was given was cleaned too
        assert BOGUS not in c["messages"][1]["content"]
        assert {ms for ms in cited_ms(c["messages"][1]["content"])} <= starts
    assert events[-1].stage == "done" and sum(e.started for e in events) == len(llm.chats)


def test_one_request_when_it_fits(llm: FakeLLM) -> None:
    t = meeting(hours=0.02)
    _s, minutes, _e = run(llm, t, context_tokens=16384)
    assert len(llm.chats) == 1
    assert set(cited_ms(minutes.text)) <= sentence_starts(t)  # type: ignore[attr-defined]


def test_model_citations_are_snapped_or_dropped() -> None:
    from models.summary.chunks import Line
    from models.summary.citations import Sentences, clean

    s = Sentences([Line(750_400, 754_000, "", "a"), Line(760_000, 761_000, "", "b")])
    text = clean("见 [00:12:30]、[12:32]，[00:12:41, 00:12:59] 和 【00:12:40】 与 [03:00:00]。", s)
    assert text == "见 [00:12:30]、[00:12:30]，[00:12:40] 和 [00:12:40] 与。"
    assert all(m for m in EXACT.findall(text))


def test_traditional_transcript_gets_traditional_minutes(llm: FakeLLM) -> None:
    llm.reply = lambda body: "## 摘要\n讨论了项目的进度和测试计划 [00:00:00]\n## 决定\n无\n## 待办事项\n无\n"
    t = meeting(hours=0.02, traditional=True)
    _s, minutes, _e = run(llm, t, context_tokens=16384)
    assert "繁體中文" in llm.chats[0]["messages"][0]["content"]
    assert "討論了項目的進度和測試計劃" in minutes.text  # type: ignore[attr-defined]
    assert not minutes.decisions and not minutes.actions  # type: ignore[attr-defined]


def test_english_template(llm: FakeLLM) -> None:
    run(llm, meeting(hours=0.02), context_tokens=16384, language="en", template="lecture")
    assert "diligent student" in llm.chats[0]["messages"][0]["content"]


def test_a_sentence_longer_than_the_context_is_refused(llm: FakeLLM) -> None:
    t = meeting(hours=0.01)
    long = t.segments[0].__class__(0, 1000, "长" * 3000)
    t.segments.insert(0, long)
    with pytest.raises(ContextOverflow, match="alone is longer"):
        run(llm, t)
    assert llm.chats == []


def test_no_chunk_cuts_a_sentence(three_hours: Transcript) -> None:
    lines = chunking.lines_of(three_hours)
    got = chunking.make_chunks(lines, 700)
    assert [ln for c in got for ln in c.lines] == lines
    assert all(chunking.count_tokens(c.text) <= 700 for c in got)
    # a turn is split only when it has to be: most chunk borders fall between speakers
    borders = [(a.lines[-1].speaker, b.lines[0].speaker) for a, b in zip(got, got[1:])]
    assert sum(x != y for x, y in borders) > len(borders) // 2


def test_unknown_template_names_the_choices(llm: FakeLLM) -> None:
    with pytest.raises(KeyError, match="minutes, interview, lecture"):
        run(llm, meeting(hours=0.01), template="nope")
