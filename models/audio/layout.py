"""Which source each channel of a recording holds: `<name>.channels.json` beside a two-channel meeting recording
({"channels": ["mic", "system"]}), written by the recorder when it starts (models/capture), read by the
transcription (models/asr/channels.py). A file without it is one source, downmixed as always."""
from __future__ import annotations

import json
from pathlib import Path

LAYOUT_SUFFIX = ".channels.json"


def layout_path(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.stem + LAYOUT_SUFFIX)


def write_layout(path: str | Path, names: tuple[str, ...] = ("mic", "system")) -> None:
    """Say that the recording's channels are separate sources (the recorder, at start)."""
    layout_path(path).write_text(json.dumps({"channels": list(names)}), encoding="utf-8")


def layout(path: str | Path) -> tuple[str, ...] | None:
    """The channels of a meeting recording ("mic", "system"), or None for any other file."""
    try:
        names = json.loads(layout_path(path).read_text(encoding="utf-8"))["channels"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        import soundfile as sf

        if sf.info(str(path)).channels != len(names):
            return None
    except Exception:  # noqa: BLE001 - not a file soundfile reads: not one of the recorder's
        return None
    return tuple(str(n) for n in names)
