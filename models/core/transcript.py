"""Segment / Transcript dataclasses. Exporters live in models/export/formats.py."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Segment:
    """One punctuated sentence with absolute times in ms.

    tokens/token_ms: the recognised tokens (hanzi or words) and each one's [start, end] ms, absolute in the file;
    used to split long sentences into subtitle cues at the right time.
    """

    start_ms: int
    end_ms: int
    text: str
    tokens: tuple[str, ...] = ()
    token_ms: tuple[tuple[int, int], ...] = ()
    vad_index: int = -1  # which VAD segment it came from (resume / checkpoints)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["tokens"] = list(self.tokens)
        d["token_ms"] = [list(t) for t in self.token_ms]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Segment":
        return cls(
            start_ms=int(d["start_ms"]),
            end_ms=int(d["end_ms"]),
            text=str(d["text"]),
            tokens=tuple(d.get("tokens", ())),
            token_ms=tuple((int(a), int(b)) for a, b in d.get("token_ms", ())),
            vad_index=int(d.get("vad_index", -1)),
        )


@dataclass
class Transcript:
    source: str
    duration_ms: int
    segments: list[Segment] = field(default_factory=list)
    language: str = "zh"
    model: str = ""
    device: str = ""
    precision: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "duration_ms": self.duration_ms,
            "language": self.language,
            "model": self.model,
            "device": self.device,
            "precision": self.precision,
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Transcript":
        return cls(
            source=d["source"],
            duration_ms=int(d["duration_ms"]),
            segments=[Segment.from_dict(s) for s in d.get("segments", [])],
            language=d.get("language", "zh"),
            model=d.get("model", ""),
            device=d.get("device", ""),
            precision=d.get("precision", ""),
        )
