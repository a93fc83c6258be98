"""Headless command line: `transcribe`, `models`, `bench`, `batch`, `watch`, `summarize`, `voices`, `live`. Same Engine as the GUI; never imports Qt."""
from __future__ import annotations

import argparse
import sys

from models.cli import batch_cmd, live_cmd, models_cmd, summarize_cmd, transcribe_cmd, voices_cmd, watch_cmd
from models.cli.commands import COMMANDS
from models.core import logsetup
from models.options import EXIT_INTERRUPTED, EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tingxie", description="Tingxie 听写: offline Mandarin speech to text.",
        epilog="Without a command the window opens: `main.py` alone, or `main.py FILE...` to open it with those "
               "audio/video files queued (handed to the window already running, if there is one).")
    sub = p.add_subparsers(dest="command", required=True)
    transcribe_cmd.add_parser(sub)
    models_cmd.add_parser(sub)
    batch_cmd.add_parser(sub)
    watch_cmd.add_parser(sub)
    summarize_cmd.add_parser(sub)
    voices_cmd.add_parser(sub)
    live_cmd.add_parser(sub)
    b = sub.add_parser("bench", help="FP32 vs INT8 (vs FP16) benchmark")
    b.add_argument("rest", nargs=argparse.REMAINDER)
    assert tuple(sub.choices) == COMMANDS, "models/cli/commands.py lists the commands main.py dispatches"
    return p


def main(argv: list[str]) -> int:
    if argv[:1] == ["bench"]:  # argparse's REMAINDER drops options like --minutes: hand them over as they are
        logsetup.setup(console=True)
        from models.bench import run as bench

        return bench.main(argv[1:])
    args = build_parser().parse_args(argv)
    logsetup.setup(console=True, verbose=args.verbose)
    try:
        if args.command == "transcribe":
            return transcribe_cmd.cmd_transcribe(args)
        if args.command == "models":
            return models_cmd.cmd_models(args)
        if args.command == "batch":
            return batch_cmd.cmd_batch(args)
        if args.command == "watch":
            return watch_cmd.cmd_watch(args)
        if args.command == "summarize":
            return summarize_cmd.cmd_summarize(args)
        if args.command == "voices":
            return voices_cmd.cmd_voices(args)
        if args.command == "live":
            return live_cmd.cmd_live(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_USAGE
