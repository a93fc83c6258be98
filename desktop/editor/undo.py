"""A QUndoStack that mirrors the edit log in the database.

Each EditStore call already applied and logged the change in one transaction; the stack only holds one
command per log entry, whose undo()/redo() call EditStore.undo()/redo(). Reopening a transcript rebuilds the
stack from the log, including the entries on the redo side, so undo/redo survive a restart.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from models.jobs.edits import EditStore


class LoggedEdit(QUndoCommand):
    def __init__(self, stack: "EditUndoStack", text: str) -> None:
        super().__init__(text)
        self.stack = stack

    def redo(self) -> None:
        if not self.stack.quiet:
            self.stack.edits.redo(self.stack.job_id)
            self.stack.changed()

    def undo(self) -> None:
        if not self.stack.quiet:
            self.stack.edits.undo(self.stack.job_id)
            self.stack.changed()


class EditUndoStack(QUndoStack):
    def __init__(self, edits: EditStore, job_id: int, changed: Callable[[], None], labels: dict[str, str]) -> None:
        super().__init__()
        self.edits, self.job_id, self.changed, self.labels = edits, job_id, changed, labels
        self.quiet = False
        self.sync()

    def sync(self) -> None:
        """Match the stack to the log (after an edit, or on opening)."""
        log = self.edits.history(self.job_id)
        done = sum(1 for e in log if not e.undone)
        if self.count() == len(log) and self.index() == done:
            return
        self.quiet = True
        try:
            self.clear()  # a new edit may have dropped the redo side: rebuild from the log
            for e in log:
                self.push(LoggedEdit(self, self.labels.get(e.label, e.label)))
            self.setIndex(done)
        finally:
            self.quiet = False
