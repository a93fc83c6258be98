"""What the user asks of diarization: off, automatic (within a min/max count) or exactly N speakers.

    SpeakerOptions.parse("auto") / parse("off") / parse("3")   # the CLI's --speakers and the settings' value
    SpeakerOptions.from_dict(d).to_dict()                        # queue items and the job database
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

MODES = ("off", "auto", "fixed")
MAX_SPEAKERS = 20  # beyond this, clustering 1.5 s windows is not meaningful (funasr's spectral default is 15)


@dataclass(frozen=True)
class SpeakerOptions:
    """mode "off" | "auto" | "fixed"; n: the count for "fixed"; min_n / max_n bound the "auto" count."""

    mode: str = "off"
    n: int = 0
    min_n: int = 1
    max_n: int = 8

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"speakers must be one of off, auto or a number, not {self.mode!r}")
        if self.mode == "fixed" and not 1 <= self.n <= MAX_SPEAKERS:
            raise ValueError(f"the number of speakers must be 1..{MAX_SPEAKERS}, not {self.n}")
        if not 1 <= self.min_n <= self.max_n <= MAX_SPEAKERS:
            raise ValueError(f"need 1 <= min ({self.min_n}) <= max ({self.max_n}) <= {MAX_SPEAKERS}")

    @property
    def enabled(self) -> bool:
        return self.mode != "off"

    @classmethod
    def parse(cls, text: str, *, min_n: int = 1, max_n: int = 8) -> "SpeakerOptions":
        """"off", "auto" or a count ("3"), as typed on the command line or stored in settings."""
        t = str(text).strip().lower()
        if t in ("off", "auto"):
            return cls(mode=t, min_n=min_n, max_n=max_n)
        if t.isdigit():
            return cls(mode="fixed", n=int(t), min_n=min_n, max_n=max(max_n, int(t)))
        raise ValueError(f"speakers must be off, auto or a number of speakers, not {text!r}")

    def __str__(self) -> str:
        return str(self.n) if self.mode == "fixed" else self.mode

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "n": self.n, "min_n": self.min_n, "max_n": self.max_n}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "SpeakerOptions":
        """Missing keys take the defaults, so rows written before diarization existed read as "off"."""
        d = d or {}
        return cls(mode=str(d.get("mode", "off")), n=int(d.get("n", 0)), min_n=int(d.get("min_n", 1)),
                   max_n=int(d.get("max_n", 8)))


def _arg(value: str) -> SpeakerOptions:
    try:
        return SpeakerOptions.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_speaker_argument(p: argparse.ArgumentParser) -> None:
    """--speakers auto|off|N (transcribe, batch, bench): args.speakers is a SpeakerOptions."""
    p.add_argument("--speakers", type=_arg, default="off", metavar="auto|off|N",
                   help="who said what: auto (the count is found), N (exactly N speakers) or off (default); needs "
                        "the CAM++ model (`models download spk`)")
