"""What a batch transcribes: files, folders (recursive) and list files, in a stable order without duplicates.

    inputs = collect(["talks/", "extra.mp3", "paths.txt"])

A folder gives every file with one of the app's SUPPORTED_EXTENSIONS below it, sorted by relative path. A file
whose extension is a list extension (.txt, .lst, .list, .m3u) lists paths, one a line (`#` starts a comment;
relative paths are relative to the list file's folder). Any other file is an input as it is: a bad one fails when
it is transcribed, with the engine's own message, like `transcribe` does. No Qt, no Ray.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from models.audio.decode import is_supported
from models.export.names import export_stems  # the one file-name policy (transcribe, Export)

LIST_EXTENSIONS = (".txt", ".lst", ".list", ".m3u")


@dataclass(frozen=True)
class Input:
    """One file to transcribe. `path` is spelled as the user gave it (it becomes the transcript's source, as in
    `transcribe`); `out` is where its outputs go below the output folder, without extension."""

    path: Path
    out: str


@dataclass
class Collected:
    inputs: list[Input]
    warnings: list[str]  # empty folders, missing list entries are inputs (they fail with "not found")


def collect(sources: Iterable[str | Path]) -> Collected:
    """Expand SOURCE arguments into inputs: stable order, each real file once (first mention wins)."""
    found: list[tuple[Path, str]] = []  # (path, relative output stem)
    warnings: list[str] = []
    for src in map(Path, sources):
        if src.is_dir():
            files = sorted((p for p in src.rglob("*") if p.is_file() and is_supported(p)),
                           key=lambda p: p.relative_to(src).as_posix())
            if not files:
                warnings.append(f"no audio or video files in {src}")
            # Keep the folder's layout below the output folder: archives repeat names (2019/01.mp3, 2020/01.mp3).
            found += [(p, p.relative_to(src).with_suffix("").as_posix()) for p in files]
        elif src.suffix.lower() in LIST_EXTENSIONS and src.is_file():
            listed = list(read_list(src))
            if not listed:
                warnings.append(f"{src} lists no files")
            found += [(p, p.stem) for p in listed]
        else:
            found.append((src, src.stem))
    return Collected(_unique(found), warnings)


def read_list(list_file: Path) -> Iterable[Path]:
    """Paths listed in a text file (UTF-8, one a line; blank lines and `#` comments skipped)."""
    base = list_file.parent
    for line in list_file.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        p = Path(os.path.expanduser(line))
        yield p if p.is_absolute() else base / p


def _unique(found: list[tuple[Path, str]]) -> list[Input]:
    seen: set[str] = set()
    kept: list[tuple[Path, str]] = []
    for path, rel in found:
        key = os.path.realpath(path)  # the same file named twice (folder + list, symlink) is done once
        if key not in seen:
            seen.add(key)
            kept.append((path, rel))
    return [Input(p, r) for p, r in zip([p for p, _ in kept], export_stems(kept))]
