#!/usr/bin/env python3
"""Tingxie 听写 entry point.

    python main.py                      start the desktop app
    python main.py FILE...              start it (or hand FILEs to the running window)
    python main.py transcribe FILE...   headless transcription (see --help)
    python main.py models list|download|verify|import|repair
    python main.py bench                FP32 vs INT8 benchmark
    python main.py batch SOURCE... -o DIR   folders of recordings, here or on a Ray cluster (--cluster)
    python main.py watch FOLDER... -o DIR   transcribe each new recording as it arrives
    python main.py summarize TRANSCRIPT.json   minutes from your own language model (OpenAI-compatible endpoint)
"""
from __future__ import annotations

import sys

CLI_COMMANDS = {"transcribe", "models", "bench", "batch", "watch", "summarize", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in CLI_COMMANDS:
        from models.cli import main as cli

        return cli.main(argv)
    from desktop.app import app

    return app.run(argv)


if __name__ == "__main__":
    sys.exit(main())
