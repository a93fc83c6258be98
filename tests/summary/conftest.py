"""Fixtures for the summary tests: the fake OpenAI-compatible server and a 3-hour synthetic meeting."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.core.transcript import Segment, Transcript
from models.text.script import convert_text
from tests.summary.fakellm import FakeLLM

NAMES = {0: "张三", 1: "李四", 2: "王五"}


def meeting(hours: float = 3.0, every_ms: int = 4000, speakers: int = 3, traditional: bool = False) -> Transcript:
    """One sentence every 4 s, speakers taking turns of 1-6 sentences; text varies in length (10-60 characters)."""
    n = int(hours * 3_600_000 // every_ms)
    topics = ("预算", "测试计划", "上线时间", "客户反馈", "招聘", "文档")
    segs = []
    for i in range(n):
        who = (i // (1 + i % 6)) % speakers
        words = f"第{i}句，关于{topics[i % len(topics)]}我们需要再讨论一下" + "，并且确认细节" * (i % 7)
        text = words + "。"
        if traditional:
            text = convert_text(text, "traditional")
        segs.append(Segment(i * every_ms + 200, i * every_ms + every_ms - 300, text, speaker=who))
    return Transcript("/nonexistent/meeting.wav", n * every_ms, segs, speakers={k: v for k, v in NAMES.items()
                                                                               if k < speakers - 1})


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM(models=["fake-model"]) as server:
        yield server


@pytest.fixture(scope="session")
def three_hours() -> Transcript:
    return meeting()
