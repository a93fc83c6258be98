"""The live controller's hand-over of the recording's audio to its session, whatever comes first: the engine
(already loaded: the user transcribed a file before pressing Record) or the recording's first block."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop.settings.store import Key
from models.jobs.store import JobStore


class FakeSession:
    """Stands in for models.live.session.LiveSession: records what it is pushed."""

    made: list["FakeSession"] = []

    def __init__(self, *_a, **_k) -> None:
        self.pushed: list[int] = []
        FakeSession.made.append(self)

    def start(self) -> None:
        pass

    def push(self, block: np.ndarray) -> None:
        self.pushed.append(len(block))


@pytest.fixture
def controller(qtbot, settings, monkeypatch):
    import models.live.session as live_session
    from desktop.live.controller import LiveController

    FakeSession.made.clear()
    monkeypatch.setattr(live_session, "LiveSession", FakeSession)
    settings.set_value(Key.LIVE_CAPTIONS, True)
    return LiveController(JobStore(":memory:"), settings, lambda want: None, lambda held: None)


def _blocks(c, sizes: list[int]) -> None:
    pos = 0
    for n in sizes:
        c.on_block(np.zeros(n, np.float32), pos)
        pos += n


def test_engine_ready_before_the_first_block(controller, tmp_path: Path) -> None:
    controller.recording_started(str(tmp_path / "r.wav"), 48000)
    controller.engine_ready(object(), None, "")  # the engine was loaded already: lent at once
    _blocks(controller, [2400, 2400, 1200])
    assert [s.pushed for s in FakeSession.made] == [[2400, 2400, 1200]]


def test_first_blocks_before_the_engine_are_kept_and_pushed_first(controller, tmp_path: Path) -> None:
    _blocks(controller, [2400, 2400])  # the recorder's writer starts before the window hears of the recording
    controller.recording_started(str(tmp_path / "r.wav"), 48000)
    controller.engine_ready(object(), None, "")
    controller.on_block(np.zeros(600, np.float32), 4800)
    assert [s.pushed for s in FakeSession.made] == [[2400, 2400, 600]]


def test_a_new_recording_does_not_inherit_the_last_ones_audio(controller, tmp_path: Path) -> None:
    controller.set_enabled(False)
    _blocks(controller, [2400])  # live captions off for this one: nothing kept
    controller.recording_stopped(str(tmp_path / "a.wav"))
    controller.set_enabled(True)
    _blocks(controller, [1200])  # the next recording's first block
    controller.recording_started(str(tmp_path / "b.wav"), 48000)
    controller.engine_ready(object(), None, "")
    assert [s.pushed for s in FakeSession.made] == [[1200]]
