"""Which glossary files apply to an audio file: the global one, then the audio folder's own.

    glossary_paths_for("/talks/2025/a.wav", "~/.config/tingxie/glossary.txt")
    -> ("/home/me/.config/tingxie/glossary.txt", "/talks/2025/tingxie-glossary.txt")   # those that exist

The order is the merge order of models.text.glossary.load_all: a later file wins, so the folder's glossary
overrides the global one. Files that do not exist are left out (no glossary is not an error); a file that
exists but cannot be used is reported by the pipeline, naming the line.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

FOLDER_GLOSSARY = "tingxie-glossary.txt"  # a glossary next to the audio files, used after the global one
GLOBAL_GLOSSARY = "glossary.txt"  # in models.core.paths.config_dir()


def default_global_path() -> Path:
    """<config dir>/glossary.txt, resolved when asked (never at import)."""
    from models.core import paths

    return paths.config_dir() / GLOBAL_GLOSSARY


def folder_glossary(audio_path: str | Path) -> Path:
    """The per-folder glossary an audio file would use (whether or not it exists)."""
    return Path(audio_path).expanduser().parent / FOLDER_GLOSSARY


def glossary_paths_for(audio_path: str | Path, global_path: str | Path | None,
                       exists: Callable[[str], bool] = os.path.isfile) -> tuple[str, ...]:
    """The glossary files for `audio_path`, global first: only those for which exists(path) is true.

    global_path None or "" means no global glossary. The same file named twice (a global glossary kept in the
    audio folder under the folder name) is used once.
    """
    out: list[str] = []
    if global_path:
        out.append(str(Path(os.path.expanduser(str(global_path)))))
    local = str(folder_glossary(audio_path))
    if local not in out:
        out.append(local)
    return tuple(p for p in out if exists(p))
