"""The voice library: per named person, a bounded set of CAM++ window embeddings and the meetings they came from.

    lib = VoiceLibrary.open_default()          # <data folder>/voices/library.json; VoiceLibraryError if damaged
    lesson = lib.learn("张三", vectors, meeting=job.uid)   # new voice or an update of a known one
    lib.undo(lesson)                            # puts the voice back as it was before that lesson
    lib.rename("张三", "张三丰"); lib.merge("老张", "张三"); lib.delete("张三"); lib.forget_all()
    lib.export_to(path); lib.import_from(path)  # only on request: to move the voices to another computer

Voices are biometric data: the file lives only in the user's data folder (mode 0600), nothing in models/export
reads it, and a transcript carries names, never vectors. Each lesson keeps up to PER_MEETING of the speaker's
windows, the ones nearest that speaker's centroid (the most typical: a window straddling a turn change or a
cough is least like the rest); a voice keeps the newest MAX_EXEMPLARS, so it follows a voice that changes over
the years and the file stays small (64 x 192 float32 = 48 KiB per person). The centroid the matcher compares
is the unit mean of the exemplars.

Every change re-reads the file first and writes it atomically, so the window and a CLI run in parallel lose no
voice (the last writer of the same voice wins).
"""
from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from models.core.atomic import atomic_write
from models.core.errors import ExportError, TingxieError

FORMAT = "tingxie-voices"
VERSION = 1
LIBRARY_FILE = "library.json"
PER_MEETING = 16  # windows kept from one lesson (12 s of speech)
MAX_EXEMPLARS = 64  # windows kept per voice


class VoiceLibraryError(TingxieError):
    """The voice library cannot be read or written (damaged file, newer version, disk problems)."""


@dataclass(frozen=True)
class Voice:
    """A named person: exemplars (n, dim) unit float32 window embeddings, oldest first; meetings: the jobs they
    came from (job uids: random ids, no file names in the library)."""

    name: str
    exemplars: np.ndarray
    meetings: tuple[str, ...] = ()
    updated: float = 0.0

    @property
    def centroid(self) -> np.ndarray:
        return unit(self.exemplars.astype(np.float64).mean(axis=0))

    def to_dict(self) -> dict:
        data = np.ascontiguousarray(self.exemplars, dtype="<f4")
        return {"name": self.name, "dim": int(data.shape[1]), "meetings": list(self.meetings),
                "updated": self.updated, "exemplars": base64.b64encode(data.tobytes()).decode("ascii")}

    @classmethod
    def from_dict(cls, d: dict) -> "Voice":
        raw = base64.b64decode(str(d["exemplars"]), validate=True)
        dim = int(d["dim"])
        if dim <= 0 or not raw or len(raw) % (4 * dim):
            raise ValueError(f"voice {d.get('name')!r} has {len(raw)} bytes of embeddings, not rows of {dim}")
        vecs = np.frombuffer(raw, dtype="<f4").reshape(-1, dim).astype(np.float32)
        if not np.all(np.isfinite(vecs)):
            raise ValueError(f"voice {d.get('name')!r} holds non-numbers")
        name = str(d["name"]).strip()
        if not name:
            raise ValueError("a voice without a name")
        return cls(name, vecs, tuple(str(m) for m in d.get("meetings", ())), float(d.get("updated", 0.0)))


@dataclass(frozen=True)
class Lesson:
    """What learn() changed, for undo(): the voice before (None: it was new) and after."""

    name: str
    before: Voice | None
    after: Voice


def unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def typical(vectors: np.ndarray, keep: int = PER_MEETING) -> np.ndarray:
    """The `keep` rows nearest the rows' centroid, in their original order."""
    x = np.asarray(vectors, dtype=np.float32)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    if x.shape[0] <= keep:
        return x
    sims = x @ unit(x.astype(np.float64).mean(axis=0)).astype(np.float32)
    return x[np.sort(np.argsort(-sims, kind="stable")[:keep])]


@dataclass
class VoiceLibrary:
    """The voices in one file (path None: in memory only, for tests and previews)."""

    path: Path | None = None
    voices: dict[str, Voice] = field(default_factory=dict)

    @classmethod
    def default_path(cls) -> Path:
        from models.core import paths

        return paths.voices_dir() / LIBRARY_FILE

    @classmethod
    def open_default(cls) -> "VoiceLibrary":
        return cls.open(cls.default_path())

    @classmethod
    def open(cls, path: Path) -> "VoiceLibrary":
        """The library at `path` (empty when there is no file yet). VoiceLibraryError when it cannot be read."""
        lib = cls(Path(path))
        lib.reload()
        return lib

    def reload(self) -> None:
        if self.path is not None:
            self.voices = read_voices(self.path, missing_ok=True)

    # -- reading
    def __len__(self) -> int:
        return len(self.voices)

    def names(self) -> list[str]:
        return sorted(self.voices)

    def get(self, name: str) -> Voice | None:
        return self.voices.get(name.strip())

    # -- changes (each one re-reads the file, changes it, writes it)
    def learn(self, name: str, vectors: np.ndarray, meeting: str = "") -> Lesson:
        """Add a speaker's window embeddings to `name` (a new voice when unknown). ValueError without vectors."""
        name = name.strip()
        if not name:
            raise ValueError("a voice needs a name")
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] == 0:
            raise ValueError(f"no speech of {name} to learn from")
        self.reload()
        before = self.voices.get(name)
        new = typical(vectors)
        if before is not None:
            if before.exemplars.shape[1] != new.shape[1]:
                raise ValueError(f"{name}'s voice was learnt with another speaker model "
                                 f"({before.exemplars.shape[1]} values, not {new.shape[1]})")
            new = np.concatenate([before.exemplars, new])[-MAX_EXEMPLARS:]
        meetings = before.meetings if before is not None else ()
        if meeting and meeting not in meetings:
            meetings = meetings + (meeting,)
        after = Voice(name, new, meetings, time.time())
        self._write({**self.voices, name: after})
        return Lesson(name, before, after)

    def undo(self, lesson: Lesson) -> None:
        """Put the voice back as it was before `lesson` (removed when the lesson created it)."""
        self.reload()
        voices = dict(self.voices)
        if lesson.before is None:
            voices.pop(lesson.name, None)
        else:
            voices[lesson.name] = lesson.before
        self._write(voices)

    def rename(self, old: str, new: str) -> None:
        self.reload()
        old, new = old.strip(), new.strip()
        voice = self._need(old)
        if not new:
            raise ValueError("a voice needs a name")
        if new != old and new in self.voices:
            raise ValueError(f"there is already a voice called {new}; merge the two instead")
        voices = {k: v for k, v in self.voices.items() if k != old}
        voices[new] = replace(voice, name=new)
        self._write(voices)

    def merge(self, source: str, target: str) -> None:
        """`source`'s exemplars and meetings join `target` (the newest MAX_EXEMPLARS stay); source is removed."""
        self.reload()
        a, b = self._need(source.strip()), self._need(target.strip())
        if a.name == b.name:
            return
        if a.exemplars.shape[1] != b.exemplars.shape[1]:
            raise ValueError(f"{a.name} and {b.name} were learnt with different speaker models")
        both = sorted([(a.updated, a), (b.updated, b)], key=lambda t: t[0])
        ex = np.concatenate([v.exemplars for _t, v in both])[-MAX_EXEMPLARS:]
        meetings = tuple(dict.fromkeys(b.meetings + a.meetings))
        voices = {k: v for k, v in self.voices.items() if k != a.name}
        voices[b.name] = Voice(b.name, ex, meetings, time.time())
        self._write(voices)

    def delete(self, name: str) -> None:
        self.reload()
        self._need(name.strip())
        self._write({k: v for k, v in self.voices.items() if k != name.strip()})

    def forget_all(self) -> None:
        """Every voice removed; the file itself is deleted (nothing biometric left behind)."""
        self.voices = {}
        if self.path is not None:
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:
                raise VoiceLibraryError(f"cannot delete the voice library {self.path}: {exc.strerror}") from exc

    # -- moving to another computer
    def export_to(self, path: Path) -> int:
        """Write every voice to `path` (for `import` on another computer); returns how many."""
        self.reload()
        _write_file(Path(path), self.voices.values())
        return len(self.voices)

    def import_from(self, path: Path) -> list[str]:
        """Add the voices of an exported file; a name already here is merged with it. Returns the names read."""
        incoming = read_voices(Path(path), missing_ok=False)
        self.reload()
        voices = dict(self.voices)
        for name, v in incoming.items():
            have = voices.get(name)
            if have is None:
                voices[name] = v
            else:
                if have.exemplars.shape[1] != v.exemplars.shape[1]:
                    raise VoiceLibraryError(f"{name} in {path} was learnt with another speaker model")
                ex = np.concatenate([have.exemplars, v.exemplars])[-MAX_EXEMPLARS:]
                voices[name] = Voice(name, ex, tuple(dict.fromkeys(have.meetings + v.meetings)), time.time())
        self._write(voices)
        return sorted(incoming)

    def _need(self, name: str) -> Voice:
        if name not in self.voices:
            raise KeyError(f"no voice called {name}")
        return self.voices[name]

    def _write(self, voices: dict[str, Voice]) -> None:
        if self.path is not None:
            _write_file(self.path, voices.values())
        self.voices = voices


def read_voices(path: Path, missing_ok: bool) -> dict[str, Voice]:
    """{name: Voice} from a library or export file; VoiceLibraryError with what is wrong and what to do."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return {}
        raise VoiceLibraryError(f"{path} does not exist") from None
    except OSError as exc:
        raise VoiceLibraryError(f"cannot read the voice library {path}: {exc.strerror}") from exc
    try:
        d = json.loads(raw.decode("utf-8"))
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ValueError("it is not a Tingxie voice file")
        if int(d.get("version", 0)) > VERSION:
            raise VoiceLibraryError(f"{path} was written by a newer Tingxie (voice file version {d['version']}); "
                                    "update Tingxie to use it")
        voices = [Voice.from_dict(v) for v in d.get("voices", [])]
    except VoiceLibraryError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise VoiceLibraryError(f"the voice library {path} is damaged ({exc}). Known voices are not used; move the "
                                "file away (or forget all voices) to start a new library.") from exc
    return {v.name: v for v in voices}


def _write_file(path: Path, voices: Iterable[Voice]) -> None:
    body = {"format": FORMAT, "version": VERSION,
            "voices": [v.to_dict() for v in sorted(voices, key=lambda v: v.name)]}
    try:
        atomic_write(path, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
        os.chmod(path, 0o600)  # biometric data: readable by this user only
    except (ExportError, OSError) as exc:
        raise VoiceLibraryError(f"cannot save the voice library: {exc}") from exc


def open_for_run(on_problem: Callable[[str], None]) -> VoiceLibrary | None:
    """The user's library for a transcription: None when it is empty, or when it cannot be read (on_problem gets
    the message once; the run goes on without names)."""
    try:
        lib = VoiceLibrary.open_default()
    except VoiceLibraryError as exc:
        on_problem(str(exc))
        return None
    return lib if len(lib) else None
