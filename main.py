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


def main(argv: list[str] | None = None) -> int:
    from models.cli.commands import is_command, not_a_command

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and is_command(argv[0]):
        from models.cli import main as cli

        return cli.main(argv)
    problem = not_a_command(argv[0]) if argv else ""
    if problem:  # a typo must not open the window with files that do not exist
        from models.options import EXIT_USAGE

        print(problem, file=sys.stderr)
        return EXIT_USAGE
    from desktop.app import app

    return app.run(argv)


if __name__ == "__main__":
    sys.exit(main())
