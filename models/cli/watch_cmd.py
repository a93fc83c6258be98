"""`python main.py watch FOLDER... (--output-dir DIR | --next-to-recording)`: transcribe each new recording as it
arrives, exactly once across restarts (models/batch/watch.py). One warm engine in this process, as `batch`.

The engine, export and -v options come from models/cli/args.py, as `transcribe` and `batch` take them.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

from models.batch.watch_feed import DEFAULT_POLL_S
from models.batch.watch_files import DEFAULT_SETTLE_S
from models.cli.args import (add_engine_arguments, add_format_argument, add_verbose_argument, engine_config,
                             report_error)
from models.core.errors import TingxieError
from models.options import EXIT_OK
from models.speakers.options import add_speaker_argument
from models.text.pipeline import add_text_arguments, text_options_from_args


def add_parser(sub: Any) -> None:
    """Register `watch` on the CLI's subparsers."""
    w = sub.add_parser("watch", help="watch folders and transcribe each new recording once it is complete")
    w.add_argument("folders", nargs="+", type=Path, metavar="FOLDER", help="folders to watch (with subfolders)")
    where = w.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output-dir", type=Path, help="exports, manifest and report go here")
    where.add_argument("--next-to-recording", action="store_true",
                       help="write the exports beside each recording (the manifest goes in the watched folder)")
    w.add_argument("--poll", action="store_true",
                   help="look for changes by listing the folders (network shares send no notifications)")
    w.add_argument("--poll-interval", type=float, default=DEFAULT_POLL_S, metavar="S",
                   help=f"seconds between listings with --poll (default {DEFAULT_POLL_S:g})")
    w.add_argument("--settle", type=float, default=DEFAULT_SETTLE_S, metavar="S",
                   help=f"a file is complete when its size and time have not changed for S seconds "
                        f"(default {DEFAULT_SETTLE_S:g})")
    add_format_argument(w)
    add_engine_arguments(w)
    add_text_arguments(w)
    add_speaker_argument(w)
    w.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    add_verbose_argument(w)


def routes_from_args(args: argparse.Namespace) -> list[Any]:
    from models.batch.watch_take import WatchRoute

    text = text_options_from_args(args)
    out = None if args.next_to_recording else args.output_dir
    return [WatchRoute(f, out, list(args.format), args.speakers, text) for f in args.folders]


def cmd_watch(args: argparse.Namespace, job_store: Any = None, stop: Any = None,
              settle_clock: Any = None) -> int:
    """Run until interrupted (Ctrl-C, SIGTERM) or `stop` (a threading.Event, for tests) is set."""
    import threading
    import time

    from models.batch.local import LocalExecutor
    from models.batch.watch import Watcher
    cfg = engine_config(args)
    say = (lambda s: None) if args.quiet else (lambda s: print(s, file=sys.stderr))
    stop = stop or threading.Event()
    watcher = Watcher(routes_from_args(args), cfg, poll=args.poll, poll_s=args.poll_interval,
                      settle_s=args.settle, clock=settle_clock or time.monotonic, on_line=say)
    executor = LocalExecutor(cfg, job_store=job_store, speakers=args.speakers)
    old_term = None
    if threading.current_thread() is threading.main_thread():  # a service manager stops us with SIGTERM
        old_term = signal.signal(signal.SIGTERM, lambda *_a: watcher.stop())
    try:
        watcher.start()  # folders and output folders checked before the (slow) engine load
        for label in executor.load():
            say(f"engine: {label}")
        say("watching " + ", ".join(map(str, args.folders)) + " (Ctrl-C to stop)")
        watcher.run(executor, stop)
    except TingxieError as exc:
        return report_error(exc)
    finally:
        watcher.close()
        executor.close()
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
    return EXIT_OK
