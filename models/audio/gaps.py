"""Where a recording lost audio: a small JSON file next to it, so its transcript can say so.

The recorder (models/capture) writes `<name>.gaps.json` beside `<name>.wav` the moment it loses input (the system
dropped it, or the machine was too busy to keep up), and puts silence of the lost length into the file at that
point, so the file's clock stays the wall clock. The engine reads it when it transcribes the file and puts a marker
sentence at each gap (models/asr/recording_gaps.py). Each write replaces the whole file atomically: a crash leaves
the previous list or the new one, never half of one.

    {"version": 1, "gaps": [{"at_ms": 83250, "lost_ms": 50, "reason": "the system dropped input"}]}
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from models.core.atomic import atomic_write
from models.core.errors import ExportError

log = logging.getLogger(__name__)

SUFFIX = ".gaps.json"
VERSION = 1


@dataclass(frozen=True)
class Gap:
    at_ms: int  # where in the file the audio is missing
    lost_ms: int  # how much is missing (the file holds that much silence there); 0 = unknown
    reason: str  # plain words: why it went missing

    @property
    def end_ms(self) -> int:
        return self.at_ms + self.lost_ms

    def describe(self) -> str:
        """'0.05 s of audio lost while recording (reason)', or with an unknown length."""
        what = f"{self.lost_ms / 1000:.2f} s of audio" if self.lost_ms > 0 else "audio (length unknown)"
        return f"{what} lost while recording ({self.reason})"


def gaps_path(audio: Path) -> Path:
    """recordings/2026-03-04_05-06-07.wav -> recordings/2026-03-04_05-06-07.gaps.json"""
    audio = Path(audio)
    return audio.with_name(audio.stem + SUFFIX)


def write_gaps(audio: Path, gaps: list[Gap]) -> None:
    """Replace the sidecar with `gaps` (atomic, fsync'ed). Raises OSError when it cannot be written."""
    data = json.dumps({"version": VERSION, "gaps": [asdict(g) for g in gaps]}, indent=1).encode("utf-8")
    try:
        atomic_write(gaps_path(audio), data)
    except ExportError as e:
        raise OSError(str(e)) from e


def read_gaps(audio: Path) -> list[Gap]:
    """The gaps recorded for `audio`, in time order; [] when there is no sidecar or it cannot be read."""
    path = gaps_path(audio)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as e:
        log.warning("cannot read %s (%s): its gaps are not marked in the transcript", path.name, e)
        return []
    out = []
    for g in raw.get("gaps", []) if isinstance(raw, dict) else []:
        try:
            out.append(Gap(int(g["at_ms"]), max(0, int(g.get("lost_ms", 0))), str(g.get("reason", ""))))
        except (KeyError, TypeError, ValueError):
            log.warning("%s: a gap entry cannot be read: %r", path.name, g)
    return sorted(out, key=lambda g: g.at_ms)
