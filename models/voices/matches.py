"""Which names in which transcripts came from the voice library, and with what score (the editor shows them as
matched, with the score in a tooltip, and one click undoes a match).

    book = MatchBook.open_default()          # <data folder>/voices/matches.json
    book.record(job_uid, {0: Match("张三", 0.71)})
    book.of(job_uid) -> {0: Match("张三", 0.71)}
    book.drop(job_uid, 0)                    # the user undid it or named that speaker otherwise

Kept apart from the library (no vectors here, and `voices export` never writes it) and from the job history
(the history's schema belongs to the jobs). A damaged file reads as no matches: the names themselves are in the
job history, only their "matched" mark would be lost.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from models.core.atomic import atomic_write
from models.core.errors import ExportError
from models.voices.match import Match

log = logging.getLogger(__name__)

MATCHES_FILE = "matches.json"


@dataclass
class MatchBook:
    path: Path | None = None
    jobs: dict[str, dict[int, Match]] = field(default_factory=dict)

    @classmethod
    def open_default(cls) -> "MatchBook":
        from models.core import paths

        return cls.open(paths.voices_dir() / MATCHES_FILE)

    @classmethod
    def open(cls, path: Path) -> "MatchBook":
        book = cls(Path(path))
        book.reload()
        return book

    def reload(self) -> None:
        if self.path is None:
            return
        try:
            d = json.loads(self.path.read_text(encoding="utf-8"))
            self.jobs = {str(uid): {int(k): Match(str(m["name"]), float(m["score"])) for k, m in rows.items()}
                         for uid, rows in d.items()}
        except FileNotFoundError:
            self.jobs = {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("the voice match records %s cannot be read (%s); matched names show as plain names",
                        self.path, exc)
            self.jobs = {}

    def of(self, job_uid: str) -> dict[int, Match]:
        return dict(self.jobs.get(job_uid, {}))

    def record(self, job_uid: str, found: dict[int, Match]) -> None:
        """The matches of a run (replacing that job's earlier ones)."""
        self.reload()
        if found:
            self.jobs[job_uid] = dict(found)
        else:
            self.jobs.pop(job_uid, None)
        self._save()

    def drop(self, job_uid: str, label: int) -> Match | None:
        self.reload()
        rows = self.jobs.get(job_uid, {})
        gone = rows.pop(label, None)
        if not rows:
            self.jobs.pop(job_uid, None)
        self._save()
        return gone

    def forget_all(self) -> None:
        self.jobs = {}
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def _save(self) -> None:
        if self.path is None:
            return
        body = {uid: {str(k): {"name": m.name, "score": m.score} for k, m in sorted(rows.items())}
                for uid, rows in self.jobs.items()}
        try:
            atomic_write(self.path, json.dumps(body, ensure_ascii=False).encode("utf-8"))
        except ExportError as exc:
            log.warning("cannot save the voice match records: %s", exc)
