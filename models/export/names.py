"""The one export file-name policy (CLI `transcribe`, `batch`, the desktop's Export): what each input's exports
are called when several inputs are exported together."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path


def export_stems(items: Sequence[tuple[Path, str]]) -> list[str]:
    """Output stems, one per item, in order. An item is (audio path, where its exports go without extension:
    "talk", "2019/talk" or "/out/talk"). A stem only one input wants is kept; inputs that want the same one
    (case-insensitively: Windows and macOS folders) use their full name, "talk.mp3", and if even that collides,
    "talk.mp3~2", "talk.mp3~3"... Depends on the whole list, so a resumed batch names its files the same way."""
    wanted = [stem.casefold() for _path, stem in items]
    out: list[str] = []
    used: set[str] = set()
    for (path, stem), key in zip(items, wanted):
        name = stem if wanted.count(key) == 1 else f"{stem}{Path(path).suffix}"
        base, n = name, 1
        while name.casefold() in used:
            n += 1
            name = f"{base}~{n}"
        used.add(name.casefold())
        out.append(name)
    return out


def export_targets(paths: Sequence[Path], folder_of: Callable[[Path], Path]) -> list[Path]:
    """Per audio file, in order, its exports' path without extension when they go into folder_of(path) (a chosen
    folder, or the audio's own): "/out/talk", or "/out/talk.mp3" when another input also wants "/out/talk"."""
    items = [(Path(p), str(Path(folder_of(Path(p))) / Path(p).stem)) for p in paths]
    return [Path(s) for s in export_stems(items)]
