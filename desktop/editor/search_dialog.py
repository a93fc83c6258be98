"""Search every transcript in the history: results with file, time and context."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from models.core.textfmt import clock
from models.jobs.search import SearchHit


class SearchDialog(QDialog):
    hit_activated = Signal(int, int)  # job id, sentence index

    def __init__(self, search: Callable[[str], list[SearchHit]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Search all transcripts"))
        self._search = search
        lay = QVBoxLayout(self)
        self.query = QLineEdit(placeholderText=self.tr("Words to find in every transcript"), clearButtonEnabled=True)
        self.status = QLabel()
        self.results = QTreeWidget(rootIsDecorated=False, uniformRowHeights=True)
        self.results.setHeaderLabels([self.tr("File"), self.tr("Time"), self.tr("Context")])
        lay.addWidget(self.query)
        lay.addWidget(self.status)
        lay.addWidget(self.results, 1)
        self.query.returnPressed.connect(self.run)
        self.results.itemActivated.connect(self._activated)
        self.resize(720, 420)

    def run(self) -> None:
        hits = self._search(self.query.text())
        self.results.clear()
        for h in hits:
            item = QTreeWidgetItem([h.path.name, clock(h.start_ms / 1000, pad=True), h.context])
            item.setData(0, Qt.ItemDataRole.UserRole, (h.job_id, h.index))
            item.setToolTip(0, str(h.path))
            self.results.addTopLevelItem(item)
        self.status.setText(self.tr("%n result(s)", "", len(hits)))
        if hits:
            self.results.setCurrentItem(self.results.topLevelItem(0))
            self.results.setFocus()

    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        job_id, index = item.data(0, Qt.ItemDataRole.UserRole)
        self.hit_activated.emit(int(job_id), int(index))
