"""The Voices manager: the known voices with how many meetings each came from; rename, merge two, delete,
forget all, and export / import to move them to another computer.

The library is biometric data kept only in the user's data folder; the dialog says so, and Export warns that
the file it writes holds voice prints.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QInputDialog, QLabel,
                               QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from models.voices.library import VoiceLibrary, VoiceLibraryError
from models.voices.matches import MatchBook


class VoicesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, library: VoiceLibrary | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Known voices"))
        self.resize(520, 380)
        self.problem = ""
        self.last_error = ""
        if library is None:
            try:
                library = VoiceLibrary.open_default()
            except VoiceLibraryError as exc:
                self.problem = str(exc)
                library = VoiceLibrary(VoiceLibrary.default_path())
        self.library = library
        lay = QVBoxLayout(self)
        note = QLabel(self.tr("Speakers with these voices are named in new transcripts with speakers on. Voices "
                              "are stored only on this computer and never written into an export."), self)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.error = QLabel(self.problem, self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setVisible(bool(self.problem))
        lay.addWidget(self.error)
        body = QHBoxLayout()
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Meetings")])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 260)
        self.tree.itemSelectionChanged.connect(self._update)
        body.addWidget(self.tree, 1)
        side = QVBoxLayout()
        self.rename_btn = self._button(side, self.tr("Rename…"), self.rename)
        self.merge_btn = self._button(side, self.tr("Merge into…"), self.merge)
        self.delete_btn = self._button(side, self.tr("Delete"), self.delete)
        side.addSpacing(12)
        self.export_btn = self._button(side, self.tr("Export…"), self.export)
        self.import_btn = self._button(side, self.tr("Import…"), self.import_)
        side.addStretch(1)
        self.forget_btn = self._button(side, self.tr("Forget all voices…"), self.forget_all)
        body.addLayout(side)
        lay.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.refresh()

    def _button(self, lay: QVBoxLayout, text: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.clicked.connect(lambda _=False: slot())
        lay.addWidget(b)
        return b

    def refresh(self) -> None:
        self.tree.clear()
        for name in self.library.names():
            n = len(self.library.voices[name].meetings)
            item = QTreeWidgetItem([name, str(n)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, self.tr("Learnt from %n meeting(s)", "", n))
            self.tree.addTopLevelItem(item)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update()

    def selected(self) -> str:
        item = self.tree.currentItem()
        return item.text(0) if item is not None else ""

    def _update(self) -> None:
        has = bool(self.selected()) and not self.problem
        for b in (self.rename_btn, self.delete_btn):
            b.setEnabled(has)
        self.merge_btn.setEnabled(has and len(self.library) > 1)
        self.export_btn.setEnabled(len(self.library) > 0 and not self.problem)
        self.import_btn.setEnabled(not self.problem)

    def _do(self, change) -> bool:
        try:
            change()
        except (KeyError, ValueError, VoiceLibraryError) as exc:
            self.last_error = str(exc).strip("'")
            if self.isVisible():
                QMessageBox.warning(self, self.windowTitle(), self.last_error)
            return False
        self.refresh()
        return True

    def rename(self, new: str | None = None) -> bool:
        old = self.selected()
        if not old:
            return False
        if new is None:
            new, ok = QInputDialog.getText(self, self.tr("Rename voice"), self.tr("New name for %1:").replace(
                "%1", old), text=old)
            if not ok:
                return False
        return self._do(lambda: self.library.rename(old, new))

    def merge(self, target: str | None = None) -> bool:
        source = self.selected()
        others = [n for n in self.library.names() if n != source]
        if not source or not others:
            return False
        if target is None:
            target, ok = QInputDialog.getItem(self, self.tr("Merge voices"), self.tr(
                "%1 is the same person as:").replace("%1", source), others, 0, False)
            if not ok:
                return False
        return self._do(lambda: self.library.merge(source, target))

    def delete(self, confirm: bool = True) -> bool:
        name = self.selected()
        if not name:
            return False
        if confirm and self.isVisible() and QMessageBox.question(
                self, self.tr("Delete voice"), self.tr("Forget %1's voice? Transcripts keep the name.").replace(
                    "%1", name)) != QMessageBox.StandardButton.Yes:
            return False
        return self._do(lambda: self.library.delete(name))

    def forget_all(self, confirm: bool = True) -> bool:
        if confirm and self.isVisible() and QMessageBox.question(
                self, self.tr("Forget all voices"), self.tr("Delete every known voice from this computer? "
                                                            "Transcripts keep their names.")
        ) != QMessageBox.StandardButton.Yes:
            return False

        def go() -> None:
            self.library.forget_all()
            MatchBook.open_default().forget_all()
        ok = self._do(go)
        if ok:
            self.problem = ""
            self.error.hide()
            self._update()
        return ok

    def export(self, path: Path | None = None) -> bool:
        if path is None:
            name, _f = QFileDialog.getSaveFileName(self, self.tr("Export voices"), "voices.tingxie-voices.json",
                                                   self.tr("Tingxie voices (*.json)"))
            if not name:
                return False
            path = Path(name)
        return self._do(lambda: self.library.export_to(path))

    def import_(self, path: Path | None = None) -> bool:
        if path is None:
            name, _f = QFileDialog.getOpenFileName(self, self.tr("Import voices"), "",
                                                   self.tr("Tingxie voices (*.json)"))
            if not name:
                return False
            path = Path(name)
        return self._do(lambda: self.library.import_from(path))
