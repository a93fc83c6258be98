"""The editor's side of known voices: "Remember this voice", corrections that teach a known voice, undoing a
match. The editor (desktop/editor) calls these; they only use the few attributes of VoiceEditor.

    remember(editor, label)                  # asks for the name (the speaker's, when it has one)
    after_rename(editor, label, name)        # a rename to a known name teaches that voice; drops a stale match
    after_reassign(editor, label, rows)      # sentences given to a known person teach that voice
    undo_match(editor, label)                # the speaker goes back to 说话人N

Lessons are kept on the editor's VoiceBar, whose Undo puts the voice back as it was.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from models.voices.library import Lesson, VoiceLibrary, VoiceLibraryError
from models.voices.matches import MatchBook
from models.voices.recognise import learn_speaker, teach

log = logging.getLogger(__name__)


class VoiceEditor(Protocol):
    """What of TranscriptEditor these actions use (edits: EditStore; speakers: the job history)."""

    job_id: int | None
    edits: Any
    speakers: Any
    model: Any
    voice_bar: Any

    def _guard(self, change: object) -> None: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("Voices", text)


def open_library(parent: QWidget | None = None) -> VoiceLibrary | None:
    """The user's library; None (after saying why) when it cannot be read."""
    try:
        return VoiceLibrary.open_default()
    except VoiceLibraryError as exc:
        log.warning("%s", exc)
        if parent is not None and parent.isVisible():
            QMessageBox.warning(parent, _tr("Known voices"), str(exc))
        return None


def job_uid(editor: VoiceEditor) -> str:
    try:
        return str(editor.speakers.get(editor.job_id).uid)
    except Exception:  # a book without jobs (tests' fakes): matches are not recorded
        return ""


def _material(editor: VoiceEditor) -> tuple[list, list]:
    """(the job's sentences as the user sees them, its stored speaker embeddings)."""
    return editor.edits.segments(editor.job_id), editor.speakers.speaker_embeddings(editor.job_id)


def can_remember(editor: VoiceEditor) -> bool:
    return editor.job_id is not None and hasattr(editor.speakers, "speaker_embeddings")


def remember(editor: VoiceEditor, label: int, name: str | None = None, parent: QWidget | None = None) -> Lesson | None:
    """Learn speaker `label`'s voice under a name (asked when None; the speaker's own name is offered)."""
    if not can_remember(editor) or label < 0:
        return None
    shown = editor.model.name(label)
    if name is None:
        offered = shown if label in editor.model.names else ""
        name, ok = QInputDialog.getText(parent, _tr("Remember this voice"),
                                        _tr("Name of this person (recognised in later transcripts):"),
                                        QLineEdit.EchoMode.Normal, offered)
        if not ok:
            return None
    name = name.strip()
    lib = open_library(parent)
    if not name or lib is None:
        return None
    segments, embeddings = _material(editor)
    try:
        lesson = learn_speaker(lib, name, segments, embeddings, label=label, meeting=job_uid(editor))
    except (ValueError, VoiceLibraryError) as exc:
        log.warning("%s", exc)
        if parent is not None and parent.isVisible():
            QMessageBox.warning(parent, _tr("Remember this voice"), str(exc))
        return None
    if shown != name:
        book, job = editor.speakers, editor.job_id
        editor._guard(lambda: book.rename_speaker(job, label, name))
    _show(editor, lesson)
    return lesson


def after_rename(editor: VoiceEditor, label: int, name: str) -> Lesson | None:
    """A speaker renamed by the user: a match it had is no longer a match; a known name teaches that voice."""
    uid = job_uid(editor)
    book = MatchBook.open_default()
    m = book.of(uid).get(label) if uid else None
    if m is not None and m.name == name.strip():
        return None  # the matched name again: nothing new to learn
    if m is not None:
        book.drop(uid, label)
    if not name.strip() or not can_remember(editor):
        return None
    lib = open_library()
    if lib is None:
        return None
    segments, embeddings = _material(editor)
    lesson = teach(lib, name.strip(), segments, embeddings, label=label, meeting=uid)
    _show(editor, lesson)
    return lesson


def after_reassign(editor: VoiceEditor, label: int, rows: Sequence[int]) -> Lesson | None:
    """Sentences reassigned to `label`: when that speaker's name is a known voice, their speech teaches it."""
    name = editor.model.names.get(label, "")
    if not name or not rows or not can_remember(editor):
        return None
    lib = open_library()
    if lib is None:
        return None
    segments, embeddings = _material(editor)
    lesson = teach(lib, name, segments, embeddings, meeting=job_uid(editor), rows=list(rows))
    _show(editor, lesson)
    return lesson


def undo_lesson(lesson: Lesson) -> None:
    lib = open_library()
    if lib is not None:
        lib.undo(lesson)


def undo_match(editor: VoiceEditor, label: int) -> None:
    """One click: the matched name goes, the speaker is 说话人N again (in every export too)."""
    uid = job_uid(editor)
    if uid:
        MatchBook.open_default().drop(uid, label)
    book, job = editor.speakers, editor.job_id
    editor._guard(lambda: book.rename_speaker(job, label, ""))


def _show(editor: VoiceEditor, lesson: Lesson | None) -> None:
    bar = getattr(editor, "voice_bar", None)
    if lesson is not None and bar is not None:
        bar.add_lesson(lesson)
