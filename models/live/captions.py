"""What a caption display shows: final sentences, and the streaming words after the last one.

Pure bookkeeping, no threads: LiveSession calls it from one thread at a time (under its lock), the CLI and the
window only read snapshots. Streaming tokens carry the stream time (ms) of the chunk that produced them; when the
offline path finalises a VAD segment [a, b], the streaming words up to b (plus the chunk that may still hold its
last word) are replaced by the segment's sentences.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from models.core.transcript import Segment
from models.options import CHANNEL_LABELS

# A word at the very end of a segment can come out of the chunk after it (the streaming model looks 300 ms ahead
# and emits per 600 ms chunk): streaming tokens this close after a final segment's end belong to that segment.
TAIL_MS = 600


@dataclass
class Partial:
    """The streaming words not yet replaced by a final sentence."""

    tokens: list[tuple[str, int]] = field(default_factory=list)  # (text piece, stream time of its chunk, ms)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.tokens)  # the pieces are display-ready (models.streaming: spacing done)


class Captions:
    """Final sentences plus the streaming tail. `version` changes whenever what is shown changes."""

    def __init__(self) -> None:
        self.finals: list[Segment] = []
        self.partial = Partial()
        self.cut_ms = -1  # streaming words from chunks ending at or before this belong to finalised segments
        self.version = 0

    def add_tokens(self, tokens: list[tuple[str, int]]) -> bool:
        """Streaming tokens (in order). Those at or before a finalised segment's tail are late: dropped."""
        fresh = [(t, ms) for t, ms in tokens if ms > self.cut_ms and t]
        if fresh:
            self.partial.tokens.extend(fresh)
            self.version += 1
        return bool(fresh)

    def add_final(self, seg: Segment) -> None:
        """A final sentence (in order)."""
        self.finals.append(seg)
        self.version += 1

    def close_segment(self, end_ms: int) -> None:
        """The offline path finished a VAD segment ending at end_ms: its streaming words give way."""
        self.cut_ms = max(self.cut_ms, end_ms + TAIL_MS)
        kept = [(t, ms) for t, ms in self.partial.tokens if ms > self.cut_ms]
        if len(kept) != len(self.partial.tokens):
            self.partial.tokens = kept
            self.version += 1

    def last_lines(self, n: int = 2) -> list[tuple[str, bool]]:
        """The last n lines to show: (text, is_final). The streaming line, when there is one, comes last."""
        lines: list[tuple[str, bool]] = [(final_line(s), True) for s in self.finals[-n:]]
        if self.partial.tokens:
            lines.append((self.partial.text, False))
        return lines[-n:]


def final_line(seg: Segment) -> str:
    """A final sentence as shown live: a meeting's sentences say whose side spoke ("对方：…")."""
    return f"{CHANNEL_LABELS[seg.channel]}：{seg.text}" if 0 <= seg.channel < len(CHANNEL_LABELS) else seg.text
