"""Tray notification when a long transcription run finishes (issue 8)."""
from __future__ import annotations

import pytest

import desktop.common.qtfix  # noqa: F401
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon

from desktop.app.notify import JobNotifier, _fmt_duration

pytestmark = pytest.mark.timeout(30)


class FakeRunner(QObject):
    job_started = Signal(str)
    job_finished = Signal(str)
    job_failed = Signal(str, str)
    queue_stopped = Signal(str)


class FakeTray(QObject):
    messageClicked = Signal()

    def __init__(self, icon: QIcon, parent: QObject) -> None:
        super().__init__(parent)
        self.messages: list[tuple[str, str]] = []
        self.visible = False

    def setToolTip(self, text: str) -> None:  # noqa: N802
        pass

    def show(self) -> None:
        self.visible = True

    def hide(self) -> None:
        self.visible = False

    def showMessage(self, title: str, text: str, icon: QIcon, ms: int) -> None:  # noqa: N802
        self.messages.append((title, text))


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def setup(qtbot):
    runner, clock, trays = FakeRunner(), Clock(), []

    def factory(icon, parent):
        trays.append(FakeTray(icon, parent))
        return trays[-1]

    notifier = JobNotifier(None, min_seconds=120, tray_factory=factory, tray_available=True, clock=clock)
    notifier.watch(runner, name_of=lambda job_id: f"{job_id}.mp3")
    return runner, clock, notifier, trays


def test_long_single_file_notifies_once(setup):
    runner, clock, notifier, trays = setup
    runner.job_started.emit("lecture")
    clock.t += 600
    runner.job_finished.emit("lecture")
    runner.queue_stopped.emit("done")
    assert len(trays) == 1 and trays[0].visible
    assert trays[0].messages == [("Transcription finished", "lecture.mp3 is done (10 min).")]


def test_long_queue_summarises_done_and_failed(setup):
    runner, clock, notifier, trays = setup
    for name in ("a", "b", "c"):
        runner.job_started.emit(name)
        clock.t += 100
        if name == "b":
            runner.job_failed.emit(name, "bad file")
        else:
            runner.job_finished.emit(name)
    runner.queue_stopped.emit("done")
    assert trays[0].messages == [("Transcription finished with errors", "2 file(s) done, 1 failed, in 5 min.")]


@pytest.mark.parametrize("reason, seconds", [("done", 30), ("paused", 900), ("cancelled", 900)])
def test_short_paused_or_cancelled_runs_stay_quiet(setup, qtbot, reason, seconds):
    runner, clock, notifier, trays = setup
    with qtbot.assertNotEmitted(notifier.notified):
        runner.job_started.emit("x")
        clock.t += seconds
        runner.job_finished.emit("x")
        runner.queue_stopped.emit(reason)
    assert not trays


def test_each_run_is_timed_from_its_own_start(setup):
    runner, clock, notifier, trays = setup
    runner.job_started.emit("a")
    clock.t += 500
    runner.job_finished.emit("a")
    runner.queue_stopped.emit("paused")  # first run ends without a notification
    clock.t += 3600  # idle time is not run time
    runner.job_started.emit("b")
    clock.t += 10
    runner.job_finished.emit("b")
    runner.queue_stopped.emit("done")
    assert not trays


def test_no_tray_alerts_the_window_instead(qtbot):
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    runner, clock = FakeRunner(), Clock()
    notifier = JobNotifier(window, min_seconds=1, tray_available=False, clock=clock)
    notifier.watch(runner)
    with qtbot.waitSignal(notifier.notified) as blocker:
        runner.job_started.emit("j")
        clock.t += 5
        runner.job_failed.emit("j", "boom")
        runner.queue_stopped.emit("done")
    assert blocker.args == ["Transcription failed", "j could not be transcribed."]
    assert notifier._tray is None


def test_real_tray_check_does_not_raise_offscreen(qtbot):
    notifier = JobNotifier(None, min_seconds=0)
    from PySide6.QtWidgets import QSystemTrayIcon

    # Shown in the tray exactly when there is one (offscreen: none, so the window would be alerted instead).
    with qtbot.waitSignal(notifier.notified) as blocker:
        shown = notifier.notify("title", "text")
    assert shown is QSystemTrayIcon.isSystemTrayAvailable()
    assert blocker.args == ["title", "text"]


def test_clicking_the_message_raises_the_window(qtbot, setup):
    from PySide6.QtWidgets import QWidget

    runner, clock, _, _ = setup
    window = QWidget()
    qtbot.addWidget(window)
    trays = []
    notifier = JobNotifier(window, min_seconds=0, tray_available=True, clock=clock,
                           tray_factory=lambda icon, parent: trays.append(FakeTray(icon, parent)) or trays[-1])
    notifier.notify("t", "m")
    with qtbot.waitSignal(notifier.clicked):
        trays[0].messageClicked.emit()
    assert window.isVisible()


def test_durations_read_well():
    assert _fmt_duration(42) == "42 s"
    assert _fmt_duration(600) == "10 min"
    assert _fmt_duration(605) == "10 min 05 s"
    assert _fmt_duration(3 * 3600 + 120) == "3 h 02 min"
