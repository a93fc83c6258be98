"""The voice library file: learning (bounded, undoable), rename / merge / delete / forget all, export and import
between two data folders, a damaged file."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pytest

from models.voices.library import MAX_EXEMPLARS, PER_MEETING, VoiceLibrary, VoiceLibraryError
from voices.vhelp import voice_rows

DIM = 192


def rows(seed: int, n: int = 40) -> np.ndarray:
    d = np.random.default_rng(seed).standard_normal(DIM)
    return voice_rows(d / np.linalg.norm(d), n, 0.05, seed)


def test_learning_is_bounded_and_undoable(tmp_path: Path) -> None:
    lib = VoiceLibrary.open(tmp_path / "library.json")
    first = lib.learn("张三", rows(1), meeting="m1")
    assert first.before is None and lib.get("张三").exemplars.shape == (PER_MEETING, DIM)
    for i in range(2, 8):
        lib.learn("张三", rows(1 + 10 * i), meeting=f"m{i}")
    v = VoiceLibrary.open(tmp_path / "library.json").get("张三")
    assert v.exemplars.shape == (MAX_EXEMPLARS, DIM) and v.meetings == tuple(f"m{i}" for i in range(1, 8))
    lesson = lib.learn("张三", rows(99), meeting="m8")
    assert not np.array_equal(lib.get("张三").exemplars, v.exemplars)
    lib.undo(lesson)
    again = VoiceLibrary.open(tmp_path / "library.json").get("张三")
    np.testing.assert_array_equal(again.exemplars, v.exemplars)
    assert again.meetings == v.meetings
    lib.undo(first)  # undoing the lesson that created it removes the voice
    assert VoiceLibrary.open(tmp_path / "library.json").get("张三") is None


def test_rename_merge_delete_forget(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    lib = VoiceLibrary.open(path)
    lib.learn("老张", rows(1), "m1")
    lib.learn("张三", rows(2), "m2")
    lib.learn("李四", rows(3), "m3")
    lib.rename("老张", "张老师")
    assert VoiceLibrary.open(path).names() == ["张三", "张老师", "李四"]
    with pytest.raises(ValueError, match="already a voice"):
        lib.rename("张老师", "张三")
    lib.merge("张老师", "张三")
    merged = VoiceLibrary.open(path).get("张三")
    assert set(merged.meetings) == {"m1", "m2"} and merged.exemplars.shape[0] == 2 * PER_MEETING
    lib.delete("李四")
    assert VoiceLibrary.open(path).names() == ["张三"]
    with pytest.raises(KeyError):
        lib.delete("李四")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # biometric data: this user only
    lib.forget_all()
    assert not path.exists() and len(VoiceLibrary.open(path)) == 0


def test_export_and_import_between_two_data_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "computer-1"))
    here = VoiceLibrary.open_default()
    here.learn("张三", rows(1), "m1")
    here.learn("李四", rows(2), "m2")
    assert here.export_to(tmp_path / "voices.tingxie.json") == 2
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "computer-2"))
    there = VoiceLibrary.open_default()
    assert len(there) == 0 and there.path != here.path
    there.learn("李四", rows(3), "m9")
    assert there.import_from(tmp_path / "voices.tingxie.json") == ["张三", "李四"]
    got = VoiceLibrary.open_default()
    np.testing.assert_array_equal(got.get("张三").exemplars, here.get("张三").exemplars)
    assert set(got.get("李四").meetings) == {"m2", "m9"}  # a name on both sides: merged


@pytest.mark.parametrize("content", [b"{not json", b'{"format": "something else"}',
                                     b'{"format": "tingxie-voices", "version": 1, "voices": [{"name": "x", '
                                     b'"dim": 192, "exemplars": "AAAA"}]}', b"\xff\xfe"])
def test_a_damaged_library_gets_a_clear_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "library.json"
    path.write_bytes(content)
    with pytest.raises(VoiceLibraryError, match="voice library .* is damaged.*not used"):
        VoiceLibrary.open(path)
