"""A recording transcribed live: the player reopens the growing file so its new end can be played, and a paused
position must stay where the user left it (a new source starts at 0 in Qt)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from desktop.editor.player import Player

LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)


@pytest.fixture
def player(qtbot, speech_clips: dict, tmp_path: Path):
    clip = tmp_path / "rec.wav"
    shutil.copy(speech_clips["wenet_aishell_BAC009S0724W0121_16k.wav"]["path"], clip)
    p = Player()
    p.open(clip)
    qtbot.waitUntil(lambda: p.media.mediaStatus() in LOADED, timeout=10_000)
    yield p, clip
    p.close()


def test_reopening_the_growing_file_keeps_a_paused_position(qtbot, player) -> None:
    p, clip = player
    p.seek(2000)
    qtbot.waitUntil(lambda: p.position() == 2000, timeout=5000)
    p.reopen(clip)
    qtbot.waitUntil(lambda: p.media.mediaStatus() in LOADED, timeout=10_000)
    qtbot.waitUntil(lambda: p.position() == 2000, timeout=5000)


def test_a_seek_while_it_reopens_wins_over_the_old_position(qtbot, player) -> None:
    p, clip = player
    p.seek(2000)
    qtbot.waitUntil(lambda: p.position() == 2000, timeout=5000)
    p.reopen(clip)
    p.seek(500)  # the user moved on before the file had loaded again
    qtbot.waitUntil(lambda: p.media.mediaStatus() in LOADED, timeout=10_000)
    qtbot.wait(300)
    assert p.position() != 2000


def test_opening_another_file_starts_at_its_beginning(qtbot, player, tmp_path: Path) -> None:
    p, clip = player
    p.seek(2000)
    qtbot.waitUntil(lambda: p.position() == 2000, timeout=5000)
    other = tmp_path / "other.wav"
    shutil.copy(clip, other)
    p.reopen(other)  # not the same file: nothing to keep
    qtbot.waitUntil(lambda: p.media.mediaStatus() in LOADED, timeout=10_000)
    qtbot.wait(300)
    assert p.position() == 0
