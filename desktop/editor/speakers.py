"""Speaker actions in the transcript editor: rename a speaker once for the whole transcript, merge two
speakers, reassign sentences; the sentence menu's Rename speaker…, Speaker ▸ and Merge … into ▸.

    speakers.rename(editor, 0, "张三")       # None as the name: asks with a dialog
    speakers.reassign(editor, 1, rows=[4])   # default: the selected sentences
    speakers.merge(editor, 2, 0)             # asks first when the editor is on screen
    speakers.add_speaker_menus(menu, editor, row)

Changes are saved at once through the editor's SpeakerBook (the job database). A merge is one undo step
(models/jobs/speaker_steps.py); renames and reassignments are not in the undo log (undoing a text edit must not
undo a later reassignment).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QTableView

from desktop.editor.sentence_model import SentenceModel
from desktop.editor.speaker_style import SpeakerBook, chip
from desktop.voices import editor_voices


class SpeakerEditor(Protocol):
    """The parts of TranscriptEditor these actions use."""

    speakers: SpeakerBook | None
    job_id: int | None
    model: SentenceModel
    view: QTableView

    def _guard(self, change: Callable[[], object]) -> None: ...


def ask_name(editor: SpeakerEditor, current: str) -> str | None:
    """The new name from a dialog; None when cancelled."""
    title = QCoreApplication.translate("Speakers", "Rename speaker")
    label = QCoreApplication.translate("Speakers", "Name for every sentence of %1:").replace("%1", current)
    name, ok = QInputDialog.getText(editor.view, title, label, QLineEdit.EchoMode.Normal, current)
    return name if ok else None


def confirm_merge(editor: SpeakerEditor, source: str, target: str) -> bool:
    if not editor.view.isVisible():
        return True  # offscreen (tests, scripts): nobody to ask
    text = QCoreApplication.translate(
        "Speakers", "Every sentence of %1 becomes %2's. Undo (Ctrl+Z) takes it back.").replace("%1", source) \
        .replace("%2", target)
    answer = QMessageBox.question(editor.view, QCoreApplication.translate("Speakers", "Merge speakers"), text)
    return answer == QMessageBox.StandardButton.Yes


def rename(editor: SpeakerEditor, speaker: int, name: str | None = None) -> bool:
    """Name `speaker` for the whole transcript (asks when name is None); every row shows it at once."""
    if editor.speakers is None or editor.job_id is None or speaker < 0:
        return False
    if name is None:
        name = ask_name(editor, editor.model.name(speaker))
        if name is None:
            return False
    book, job = editor.speakers, editor.job_id
    editor._guard(lambda: book.rename_speaker(job, speaker, name))
    editor_voices.after_rename(editor, speaker, name)  # a known name teaches that voice
    return True


def reassign(editor: SpeakerEditor, speaker: int, rows: list[int] | None = None) -> None:
    """The given sentences (default: the selected ones, else the current one) to `speaker`."""
    if editor.speakers is None or editor.job_id is None:
        return
    if rows is None:
        rows = sorted({i.row() for i in editor.view.selectionModel().selectedIndexes()}) or \
            [editor.view.currentIndex().row()]
    book, job = editor.speakers, editor.job_id
    rows = [r for r in rows if 0 <= r < editor.model.rowCount() and editor.model.sentence(r).speaker != speaker]

    def change() -> None:
        for r in rows:
            book.reassign_speaker(job, editor.model.sentence(r).pos, speaker)

    if rows:
        editor._guard(change)
        editor_voices.after_reassign(editor, speaker, rows)  # given to a known person: teaches that voice


def merge(editor: SpeakerEditor, source: int, target: int) -> int:
    """Every sentence of `source` becomes `target`'s; returns how many changed (0 when not confirmed)."""
    if editor.speakers is None or editor.job_id is None or source == target:
        return 0
    if not confirm_merge(editor, editor.model.name(source), editor.model.name(target)):
        return 0
    book, job, n = editor.speakers, editor.job_id, [0]
    editor._guard(lambda: n.__setitem__(0, book.merge_speakers(job, source, target)))
    return n[0]


def new_label(editor: SpeakerEditor) -> int:
    """A label nobody has yet (not even a name left from a speaker that lost all sentences)."""
    used = set(editor.model.labels()) | set(editor.model.names)
    return max(used, default=-1) + 1


def add_speaker_menus(menu: QMenu, editor: SpeakerEditor, row: int) -> None:
    """Rename speaker…, Speaker ▸ (reassign the selected sentences), Merge %1 into ▸ for the sentence at row."""
    model = editor.model
    if editor.speakers is None or not model.has_speakers() or not 0 <= row < model.rowCount():
        return
    here = model.sentence(row).speaker
    labels = model.labels()
    if here >= 0:
        label = QCoreApplication.translate("Speakers", "Rename speaker %1…").replace("%1", model.name(here))
        menu.addAction(label).triggered.connect(lambda _=False: rename(editor, here))
        if editor_voices.can_remember(editor):
            menu.addAction(QCoreApplication.translate("Speakers", "Remember this voice…")).triggered.connect(
                lambda _=False: editor_voices.remember(editor, here, parent=editor.view))
    to = menu.addMenu(QCoreApplication.translate("Speakers", "Speaker"))
    for k in labels:
        act = to.addAction(chip(k), model.name(k))
        act.setCheckable(True)
        act.setChecked(k == here)
        act.triggered.connect(lambda _=False, k=k: reassign(editor, k))
    to.addSeparator()
    new = to.addAction(QCoreApplication.translate("Speakers", "New speaker"))
    new.triggered.connect(lambda _=False: reassign(editor, new_label(editor)))
    others = [k for k in labels if k != here]
    if here >= 0 and others:
        into = menu.addMenu(QCoreApplication.translate("Speakers", "Merge %1 into").replace("%1", model.name(here)))
        for k in others:
            into.addAction(chip(k), model.name(k)).triggered.connect(
                lambda _=False, k=k: merge(editor, here, k))
    menu.addSeparator()
