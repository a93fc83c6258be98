"""When one VAD segment fails to decode: one more try elsewhere, else a marked gap. The rest of the file is kept.

A failure on one segment (a runtime error in the graph, a kernel that trips on one input) must not cost the user
the whole file. The segment is decoded once more by the recogniser's alternative (the ONNX set: its other graph,
FP32 <-> INT8); if that fails too, or there is none, the transcript gets one sentence that says which span could
not be transcribed and why, in place of the missing text.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from models.core.textfmt import clock
from models.core.transcript import UNDECODED, Segment

log = logging.getLogger(__name__)

Words = tuple[list[str], list[tuple[int, int]]]


def _clock(ms: int) -> str:
    return clock(ms / 1000, pad=True)


def gap_text(a_ms: int, b_ms: int, reason: str) -> str:
    """"[12:30-12:41 could not be transcribed: reason]"."""
    return f"[{_clock(a_ms)}-{_clock(b_ms)} {UNDECODED}: {reason}]"


def gap_segment(a_ms: int, b_ms: int, vad_index: int, reason: str) -> Segment:
    """The sentence that stands for a span nothing could decode (no tokens: nothing to align or replace)."""
    return Segment(a_ms, max(a_ms, b_ms), gap_text(a_ms, b_ms, reason), vad_index=vad_index)


def reason_of(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:160] + "…" if len(text) > 160 else text) or type(exc).__name__


class SecondTry:
    """The recogniser's alternative, built once, on the first failure of a file's segment (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[int, Any] = {}

    def alternative(self, rec: Any) -> Any | None:
        make: Callable[[], Any] | None = getattr(rec, "alternative", None)
        with self._lock:
            if id(rec) not in self._built:
                try:
                    self._built[id(rec)] = make() if make is not None else None
                except Exception:  # noqa: BLE001 - no second try then; the gap is marked
                    log.exception("the alternative recogniser could not be loaded")
                    self._built[id(rec)] = None
            return self._built[id(rec)]

    def drop(self) -> None:
        with self._lock:
            self._built.clear()

    def decode(self, rec: Any, first: Exception, run: Callable[[Any], Words], a_ms: int, b_ms: int
               ) -> Words | str:
        """The words from the alternative, or the reason to mark the span with when there is none / it fails."""
        log.warning("segment %s-%s failed to decode (%s); trying once more", _clock(a_ms), _clock(b_ms),
                    reason_of(first))
        alt = self.alternative(rec)
        if alt is None:
            log.warning("no other runtime or precision to try: the span is marked in the transcript")
            return reason_of(first)
        try:
            return run(alt)
        except Exception as exc:  # noqa: BLE001 - marked in the transcript, the file goes on
            log.warning("the second try failed as well (%s): the span is marked in the transcript",
                        reason_of(exc))
            return reason_of(exc)
