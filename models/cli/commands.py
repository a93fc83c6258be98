"""The CLI's command names and what main.py says about a first argument that is neither a command nor a file.

Kept apart from models/cli/main.py so the entry point can decide between the window and the CLI without
importing the CLI's dependencies.
"""
from __future__ import annotations

from pathlib import Path

COMMANDS = ("transcribe", "models", "batch", "watch", "summarize", "voices", "live", "bench")
HELP_FLAGS = ("-h", "--help")


def is_command(arg: str) -> bool:
    return arg in COMMANDS or arg in HELP_FLAGS


def not_a_command(arg: str) -> str:
    """Why `arg` (the first argument) can open neither the CLI nor the window; "" when the window should open it
    (an existing file or folder, or an option for Qt)."""
    if arg.startswith("-") or Path(arg).expanduser().exists():
        return ""
    p = Path(arg)
    # "talk.mp3", "~/rec/x", "./notes": the user meant a file, and a typo in a path is not an unknown command
    if p.suffix or len(p.parts) > 1 or arg.startswith(("~", ".")):
        return f"error: file not found: {arg}"
    return f"error: unknown command '{arg}'; commands: {', '.join(COMMANDS)} (or audio/video files to open " \
           "in the window)"
