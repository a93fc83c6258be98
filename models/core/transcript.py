"""Segment / Transcript / Progress dataclasses. Exporters live in models/export/."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from models.options import CHANNEL_LABELS, runtime_label


# A marker sentence stands for a span nothing could decode, or audio the recorder lost (models/asr/second_try.py,
# models/asr/recording_gaps.py): "[12:30-12:41 could not be transcribed: reason]", without tokens.
UNDECODED = "could not be transcribed"


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
    speaker: int = -1  # diarization label (0, 1, ...); -1 = no speaker information (diarization off)
    # Glossary replacements in this sentence: (start, end, recognised text) with [start, end) in `text`
    # (the editor highlights them and can put the recognised words back).
    replacements: tuple[tuple[int, int, str], ...] = ()
    # What the recogniser said before the text steps (text, tokens, token_ms); None when they changed nothing.
    # The job history keeps it so glossary, numbers and script can be applied again to a finished transcript.
    recognised: tuple[str, tuple[str, ...], tuple[tuple[int, int], ...]] | None = field(
        default=None, compare=False, repr=False)
    # A two-channel meeting recording: 0 = this computer's microphone ("我"), 1 = the system audio ("对方");
    # -1 = any other file (models/asr/channels.py).
    channel: int = -1

    @property
    def is_marker(self) -> bool:
        """A marker for a span without words (nobody spoke it: it gets no speaker)."""
        return not self.tokens and self.text.startswith("[") and f" {UNDECODED}: " in self.text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("recognised")
        d["tokens"] = list(self.tokens)
        d["token_ms"] = [list(t) for t in self.token_ms]
        reps = d.pop("replacements")
        if reps:
            d["replacements"] = [list(r) for r in reps]
        if d["channel"] < 0:  # left out for other files, so older readers see the same dict
            d.pop("channel")
        spk = d.pop("speaker")
        if spk >= 0:  # funasr's key; left out without diarization so older readers see the same dict
            d["spk"] = spk
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
            speaker=int(d.get("spk", -1)),
            replacements=tuple((int(a), int(b), str(o)) for a, b, o in d.get("replacements", ())),
            channel=int(d.get("channel", -1)),
        )


SPEAKER_PREFIX = "说话人"  # unnamed speakers are 说话人1, 说话人2 … (converted with the transcript's script)


@dataclass
class Transcript:
    source: str
    duration_ms: int
    segments: list[Segment] = field(default_factory=list)
    language: str = "zh"
    model: str = ""
    device: str = ""  # "cpu" | "cuda" (what actually ran); "" before a run
    precision: str = ""
    device_name: str = ""  # "NVIDIA RTX 4090" / the CPU's model name
    backend: str = ""  # "torch" | "onnx"
    threads: int = 0
    speakers: dict[int, str] = field(default_factory=dict)  # names the user gave; others are "说话人N"
    speaker_prefix: str = SPEAKER_PREFIX  # in the transcript's script (說話人 for Traditional)
    channels: dict[int, str] = field(default_factory=dict)  # names the user gave to channels; else CHANNEL_LABELS

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def runtime(self) -> str:
        """The runtime label, formatted from the fields above (models.options.runtime_label)."""
        return runtime_label(self.device, self.device_name, self.precision, self.backend, self.threads)

    @property
    def has_speakers(self) -> bool:
        return any(s.speaker >= 0 for s in self.segments)

    @property
    def has_channels(self) -> bool:
        return any(s.channel >= 0 for s in self.segments)

    @property
    def has_labels(self) -> bool:
        """Sentences carry a label in exports: a speaker, or a meeting recording's channel."""
        return self.has_speakers or self.has_channels

    def channel_name(self, channel: int) -> str:
        """"我" for the microphone, "对方" for the system audio, unless the user renamed them."""
        default = CHANNEL_LABELS[channel] if 0 <= channel < len(CHANNEL_LABELS) else f"{channel + 1}"
        return self.channels.get(channel) or default

    def label(self, seg: Segment) -> str:
        """The name before a sentence in exports and minutes: its speaker's, else its channel's on a meeting
        recording ("我", "对方"), else "". (The job history names a meeting's speakers after their channels:
        models/jobs/runner.py.)"""
        if seg.speaker >= 0:
            return self.speaker_name(seg.speaker)
        return self.channel_name(seg.channel) if seg.channel >= 0 else ""

    def speaker_name(self, speaker: int) -> str:
        """The name shown for a label: the user's, else "说话人1" for label 0 (numbered from 1 for people)."""
        return self.speakers.get(speaker) or f"{self.speaker_prefix}{speaker + 1}"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "duration_ms": self.duration_ms,
            "language": self.language,
            "model": self.model,
            "device": self.device,
            "precision": self.precision,
            "device_name": self.device_name,
            "backend": self.backend,
            "threads": self.threads,
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
        }
        if self.speakers:  # JSON object keys are strings
            d["speakers"] = {str(k): v for k, v in sorted(self.speakers.items())}
        if self.has_channels:
            d["channels"] = {str(k): self.channel_name(k) for k in sorted({s.channel for s in self.segments
                                                                           if s.channel >= 0})}
        return d

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
            device_name=d.get("device_name", ""),
            backend=d.get("backend", ""),
            threads=int(d.get("threads", 0)),
            speakers={int(k): str(v) for k, v in (d.get("speakers") or {}).items()},
            channels=_renamed_channels(d.get("channels") or {}),
        )


def _renamed_channels(names: dict[str, str]) -> dict[int, str]:
    """The channel names a JSON transcript holds that differ from the defaults (the ones the user gave)."""
    out = {}
    for k, v in names.items():
        ch = int(k)
        if not (0 <= ch < len(CHANNEL_LABELS) and str(v) == CHANNEL_LABELS[ch]):
            out[ch] = str(v)
    return out


@dataclass(frozen=True)
class Progress:
    """How far a file is: seconds of audio whose VAD segments are decoded, of the file's total."""

    done_s: float
    total_s: float
    segments_done: int
    segments_total: int  # VAD segments found so far (grows while the file is read)
    stage: str  # "asr" | "done"
