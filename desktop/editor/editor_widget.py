"""The transcript editor: sentences synced to the audio, inline editing, split/join, find/replace.

    editor = TranscriptEditor(EditStore(jobs.db), job_id, media_path)
    editor.open_at(index)                 # from a search hit
    editor.sentences_arrived()            # the worker committed more segments of this job
    editor.open_job(other_id, other_media)  # the same editor (player, actions) shows another transcript

Takes what it needs (an EditStore, a job id, the media path, a SpeakerBook for speaker names), never the main
window. Speakers: a Speaker column when the transcript has them; rename, merge and reassign in
desktop/editor/speakers.py.
"""
from __future__ import annotations

import desktop.common.qtfix  # noqa: F401  (PySide 6.12 None/True refcount bugs: before any Qt call)

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QMenu, QMessageBox, QTableView, QVBoxLayout, QWidget

from desktop.editor.find_bar import FindBar
from desktop.editor.player import Player
from desktop.editor import speakers as speaker_actions
from desktop.editor.sentence_model import SPEAKER, TEXT, TIME, SentenceModel
from desktop.editor.speaker_style import SpeakerBook
from desktop.voices.bar import VoiceBar
from desktop.editor.replacements import Replacement, at_cursor
from desktop.editor.shortcuts import SHORTCUTS, WINDOW_WIDE
from desktop.editor.text_delegate import AUTOSAVE_MS, TextDelegate  # noqa: F401  (tests read AUTOSAVE_MS here)
from desktop.editor.transport import TransportBar
from desktop.editor.undo import EditUndoStack
from models.jobs.db import HistoryError
from models.jobs.edits import EditStore

class TranscriptEditor(QWidget):
    sentence_activated = Signal(int)  # row clicked to play
    error = Signal(str)
    changed = Signal()  # sentences re-read (an edit, undo, new sentences, another job): counts may differ

    def __init__(self, edits: EditStore, job_id: int | None, media: Path | None, parent: QWidget | None = None,
                 player: Player | None = None, speakers: SpeakerBook | None = None) -> None:
        super().__init__(parent)
        self.edits, self.job_id, self.speakers = edits, job_id, speakers
        self.model = SentenceModel(edits, job_id, self, speakers)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked |
                                  QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setWordWrap(False)
        vh = self.view.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row size computing
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._set_columns()
        delegate = TextDelegate(self, self)
        delegate.closeEditor.connect(lambda *_: setattr(self, "line_edit", None))
        self.view.setItemDelegateForColumn(TEXT, delegate)
        self.line_edit: QLineEdit | None = None
        self.player = player or Player(self)
        self.transport = TransportBar(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.find_bar)
        self.voice_bar = VoiceBar(self, self)  # recognised voices (undo with one click), what a correction taught
        lay.addWidget(self.voice_bar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.transport)
        self.undo_stack = self._new_stack()
        self.loop = False
        self.actions_by_id: dict[str, QAction] = {}
        self._wire()
        if media is not None:
            self.player.open(Path(media))

    def _new_stack(self) -> EditUndoStack:
        return EditUndoStack(self.edits, self.job_id, self._reload, {
            "edit": self.tr("Edit"), "split": self.tr("Split"), "join": self.tr("Join"),
            "revert": self.tr("Revert"), "replace": self.tr("Replace"), "merge": self.tr("Merge speakers"),
            "speakers": self.tr("Speakers"), "text": self.tr("Text settings"),
            "carry": self.tr("Carry corrections over")})

    def open_job(self, job_id: int | None, media: Path | None) -> None:
        """Show another transcript (None: none) in this editor; the player switches to its audio."""
        if self.line_edit is not None:  # a draft being typed is saved to the transcript it belongs to
            self.view.commitData(self.line_edit)
            self.view.closeEditor(self.line_edit, QTableView.EndEditHint.NoHint)
            self.line_edit = None
        if self.player.playing:
            self.player.media.pause()
        old = self.model
        self.job_id = job_id
        self.model = SentenceModel(self.edits, job_id, self, self.speakers)
        self.model.show_original = self.actions_by_id["original"].isChecked()
        self.model.text_committed.connect(lambda row, text: self.save_text(row, text))
        self.view.setModel(self.model)
        self._set_columns()
        old.deleteLater()
        self.undo_stack.deleteLater()
        self.undo_stack = self._new_stack()
        if media is None:
            self.player.close()
        elif self.player.source != Path(media):
            self.player.open(Path(media))
        self.view.scrollToTop()
        if self.find_bar.isVisible():
            self.find_bar.refresh([s.text for s in self.model.rows])
        self.voice_bar.job_changed()
        self.changed.emit()

    # -- wiring
    def _wire(self) -> None:
        p, t, f = self.player, self.transport, self.find_bar
        p.position_changed.connect(self.follow)
        p.duration_changed.connect(t.set_duration)
        p.playing_changed.connect(t.set_playing)
        p.failed.connect(lambda m: self.error.emit(self.tr("Cannot play the audio: %1").replace("%1", m)))
        t.play_toggled.connect(p.toggle)
        t.skipped.connect(p.skip)
        t.seeked.connect(p.seek)
        t.rate_chosen.connect(p.set_rate)
        t.loop_toggled.connect(self._set_loop)
        self.view.clicked.connect(self._clicked)
        self.view.doubleClicked.connect(self._double_clicked)
        self.changed.connect(self._show_speakers)
        self.changed.connect(self.voice_bar.refresh)
        self.model.text_committed.connect(lambda row, text: self.save_text(row, text))
        f.match_chosen.connect(self._show_match)
        f.replace_requested.connect(self._replace_one)
        f.replace_all_requested.connect(self.replace_all)
        f.closed.connect(self._close_find)
        handlers = {
            "play": p.toggle, "back": lambda: p.skip(-5000), "forward": lambda: p.skip(5000),
            "loop": t.loop.toggle, "play_row": lambda: self.play_row(self.view.currentIndex().row()),
            "slower": lambda: t.step_rate(False), "faster": lambda: t.step_rate(True),
            "edit": lambda: self.view.edit(self.model.index(self.view.currentIndex().row(), TEXT)),
            "split": self.split_at_cursor, "join": lambda: self.join(self.view.currentIndex().row()),
            "revert": lambda: self.revert(self.view.currentIndex().row()),
            "original": self._toggle_original, "undo": lambda: self.undo_stack.undo(),
            "redo": lambda: self.undo_stack.redo(), "glossary": self.revert_replacement_at_cursor,
            "find": self.show_find, "replace": self.show_replace, "find_next": lambda: f.step(1), "find_prev": lambda: f.step(-1)}
        for aid, keys, label in SHORTCUTS:
            act = QAction(self.tr(label), self)
            act.setShortcut(QKeySequence(keys))
            # WidgetWithChildren: Ctrl+Space works from inside the sentence being edited too; set_window_wide()
            # makes playback and find work from anywhere in the main window
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(handlers[aid])
            self.addAction(act)
            self.actions_by_id[aid] = act
        self.actions_by_id["original"].setCheckable(True)

    def set_window_wide(self) -> None:
        """Embedded in a main window: playback and find shortcuts work wherever the focus is."""
        for aid in WINDOW_WIDE:
            self.actions_by_id[aid].setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    # -- playback
    def play_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.model.set_current(row)
            self.player.play_from(self.model.sentence(row).start_ms)
            self.sentence_activated.emit(row)

    def open_at(self, row: int, play: bool = True) -> None:
        """Show sentence `row` (a search hit) and play it."""
        idx = self.model.index(row, TEXT)
        self.view.setCurrentIndex(idx)
        self.view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        if play:
            self.play_row(row)

    def follow(self, ms: int) -> None:
        """Highlight the sentence at the player's position and keep it in view; loop it if asked."""
        self.transport.set_position(ms)
        row = self.model.row_at(ms)
        if self.loop and 0 <= self.model.current < self.model.rowCount():
            cur = self.model.sentence(self.model.current)
            if ms >= cur.end_ms or row > self.model.current:
                self.player.seek(cur.start_ms)
                return
        if self.model.set_current(row) and row >= 0 and self.line_edit is None:
            self.view.scrollTo(self.model.index(row, TEXT), QAbstractItemView.ScrollHint.EnsureVisible)

    def _clicked(self, index: QModelIndex) -> None:
        """A click only selects (the convention of transcript editors); Ctrl+click plays from the sentence."""
        self.model.set_match(None)
        if QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier:
            self.play_row(index.row())

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == TIME:  # the text column edits on a double-click; the time plays
            self.play_row(index.row())
        elif index.column() == SPEAKER:
            speaker_actions.rename(self, self.model.sentence(index.row()).speaker)

    def _set_columns(self) -> None:
        """Time, Speaker, Text on screen (Speaker is the model's last column); Speaker only when there are any."""
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(SPEAKER, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        if hh.visualIndex(SPEAKER) != 1:
            hh.moveSection(hh.visualIndex(SPEAKER), 1)
        self._show_speakers()

    def _show_speakers(self) -> None:
        self.view.setColumnHidden(SPEAKER, not self.model.has_speakers())

    def _set_loop(self, on: bool) -> None:
        self.loop = on

    # -- editing (each call: one transaction, one undo step)
    def save_text(self, row: int, text: str, merge_key: str = "") -> None:
        self._guard(lambda: self.edits.set_text(self.job_id, row, text, merge_key))

    def split_at_cursor(self) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        text = self.model.sentence(row).text
        if self.line_edit is not None:
            text, at = self.line_edit.text(), self.line_edit.cursorPosition()
            self.save_text(row, text, str(self.line_edit.property("merge_key")))
            self.view.closePersistentEditor(self.model.index(row, TEXT))
            self.line_edit = None
        else:  # no cursor: after the first punctuation inside, else in the middle
            at = next((i + 1 for i, c in enumerate(text[:-1]) if c in "，。？！、；：,.?!;:"), len(text) // 2)
        if 0 < at < len(text):
            self._guard(lambda: self.edits.split(self.job_id, row, at))

    def join(self, row: int) -> None:
        if 0 <= row < self.model.rowCount() - 1:
            self._guard(lambda: self.edits.join(self.job_id, row))

    def revert(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self._guard(lambda: self.edits.revert(self.job_id, row))

    def replace_all(self, query: str, replacement: str) -> int:
        from desktop.editor.find_bar import find_all
        texts = [s.text for s in self.model.rows]
        rows = sorted({r for r, _ in find_all(texts, query)})
        changes = [(r, _replace_ci(texts[r], query, replacement)) for r in rows]
        self._guard(lambda: self.edits.replace_many(self.job_id, changes))
        return len(changes)

    def _replace_one(self, row: int, off: int, length: int, replacement: str) -> None:
        text = self.model.sentence(row).text
        self.save_text(row, text[:off] + replacement + text[off + length:])
        self.find_bar.step(0)

    def _guard(self, change: object) -> None:
        try:
            change()  # type: ignore[operator]
        except (HistoryError, IndexError, ValueError) as exc:
            self.error.emit(str(exc))
            QMessageBox.warning(self, self.tr("Cannot save the edit"), str(exc)) if self.isVisible() else None
        self.undo_stack.sync()
        self._reload()

    def _reload(self) -> None:
        self.model.reload()
        if self.find_bar.isVisible():
            self.find_bar.refresh([s.text for s in self.model.rows])
        self.changed.emit()

    def refresh(self) -> None:
        """The transcript was changed outside the editor (speakers or text settings applied): show it, undoably."""
        self.undo_stack.sync()
        self._reload()

    def sentences_arrived(self) -> None:
        """New segments of this job were committed (live transcription): show them, keep the edits."""
        n = len(self.model.rows)
        if self.model.fetch_new() or n != len(self.model.rows):
            if not self.model.rows or len(self.model.rows) < n:
                self.undo_stack.sync()  # transcribed again from the start: the old log went with its sentences
            if self.find_bar.isVisible():
                self.find_bar.refresh([s.text for s in self.model.rows])
            self.changed.emit()

    # -- glossary replacements
    def revert_replacement(self, row: int, rep: Replacement) -> None:
        """Put the recognised words back for one replacement: an ordinary edit (undoable)."""
        if 0 <= row < self.model.rowCount():
            self.save_text(row, rep.reverted(self.model.sentence(row).text))

    def revert_replacement_at_cursor(self) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        cursor = self.line_edit.cursorPosition() if self.line_edit is not None else 0
        if self.line_edit is not None:
            self.view.commitData(self.line_edit)
            self.view.closeEditor(self.line_edit, QTableView.EndEditHint.NoHint)
            self.line_edit = None
        rep = at_cursor(self.model.replacements(row), cursor)
        if rep is not None:
            self.revert_replacement(row, rep)

    def _context_menu(self, pos: QPoint) -> None:
        self.context_menu(self.view.indexAt(pos).row()).popup(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, row: int) -> QMenu:
        """The sentence's menu (right click, or the Menu key): one revert per glossary replacement, then actions."""
        menu = QMenu(self)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, TEXT))
            text = self.model.sentence(row).text
            for rep in self.model.replacements(row):
                label = self.tr("Undo glossary: %1 → %2").replace("%1", text[rep.start:rep.end]) \
                    .replace("%2", rep.recognised)
                menu.addAction(label).triggered.connect(lambda _=False, r=row, x=rep: self.revert_replacement(r, x))
            if not menu.isEmpty():
                menu.addSeparator()
            speaker_actions.add_speaker_menus(menu, self, row)
        for aid in ("play_row", "edit", "split", "join", "revert", "original", None, "undo", "redo", "find"):
            menu.addSeparator() if aid is None else menu.addAction(self.actions_by_id[aid])
        return menu

    # -- find / show original
    def show_find(self) -> None:
        self.find_bar.show()
        self.find_bar.refresh([s.text for s in self.model.rows])
        self.find_bar.query.setFocus()
        self.find_bar.query.selectAll()

    def show_replace(self) -> None:
        """Ctrl+H, as in text editors: the find bar with the cursor in Replace with (Find first when empty)."""
        self.show_find()
        if self.find_bar.query.text():
            self.find_bar.replacement.setFocus()
            self.find_bar.replacement.selectAll()

    def _close_find(self) -> None:
        self.find_bar.hide()
        self.model.set_match(None)
        self.view.setFocus()

    def _show_match(self, row: int, off: int, length: int) -> None:
        """The matched characters are highlighted, not the whole row (the row becomes current, unselected)."""
        idx = self.model.index(row, TEXT)
        self.view.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.Clear)
        self.model.set_match((row, off, length))
        self.view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _toggle_original(self) -> None:
        self.model.set_show_original(self.actions_by_id["original"].isChecked())


def _replace_ci(text: str, query: str, replacement: str) -> str:
    low, q, out, i = text.lower(), query.lower(), [], 0
    while (at := low.find(q, i)) >= 0:
        out += [text[i:at], replacement]
        i = at + len(q)
    return "".join(out) + text[i:]
