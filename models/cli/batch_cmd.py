"""`python main.py batch SOURCE... --output-dir DIR [--cluster local|auto|ADDRESS]`.

Without --cluster: one warm engine in this process and the job history (models/batch/local.py); Ray is never
imported. With --cluster: Ray actors (models/batch/ray_runner.py).
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

from models.cli.args import (add_engine_arguments, add_format_argument, add_verbose_argument, engine_config,
                             report_error)
from models.cli.voices_cmd import add_no_voices_argument, library_for_run
from models.core import logsetup
from models.core.errors import TingxieError
from models.options import EXIT_FAILED, EXIT_MODELS, EXIT_OK, EXIT_USAGE
from models.speakers.options import add_speaker_argument

log = logging.getLogger(__name__)


def add_parser(sub: Any) -> None:
    """Register `batch` on the CLI's subparsers."""
    b = sub.add_parser("batch", help="transcribe folders of recordings into one output folder (resumable)")
    b.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                   help="audio/video files, folders (recursive) or text files listing paths")
    b.add_argument("-o", "--output-dir", type=Path, required=True, help="exports, manifest and report go here")
    add_format_argument(b)
    add_engine_arguments(b, threads_help="CPU threads per engine (default: all cores / workers)")
    b.add_argument("--cluster", metavar="local|auto|ADDRESS",
                   help="run on Ray: local = start Ray on this machine, auto = the running cluster, or its address")
    b.add_argument("--workers", type=int, default=0, help="Ray actors, one engine each (default: CPUs / 4, or GPUs)")
    b.add_argument("--gpus-per-worker", type=float, default=0.0, help="GPUs per actor (fractions share a GPU)")
    b.add_argument("--inflight", type=int, default=2, help="files queued on each actor at once (default 2)")
    add_speaker_argument(b)
    add_no_voices_argument(b)
    b.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    add_verbose_argument(b)


def cmd_batch(args: argparse.Namespace, job_store: Any = None) -> int:
    from models.batch.driver import BatchSpec, Driver

    cfg = engine_config(args)
    executor: Any
    if args.cluster:
        from models.batch.ray_runner import ClusterUnavailable, RayExecutor

        try:
            executor = RayExecutor(cfg, args.cluster, args.workers, args.gpus_per_worker, args.inflight)
        except ClusterUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        if args.workers or args.gpus_per_worker:
            print("warning: --workers and --gpus-per-worker need --cluster; running one engine here", file=sys.stderr)
        from models.batch.local import LocalExecutor

        executor = LocalExecutor(cfg, job_store=job_store, speakers=args.speakers, voices=library_for_run(args))
    say = (lambda s: None) if args.quiet else (lambda s: print(s, file=sys.stderr))
    driver = Driver(BatchSpec(list(args.sources), args.output_dir, args.format, cfg, speakers=args.speakers),
                    on_line=say)
    try:
        tasks = driver.prepare()
        for w in driver.warnings:
            print(f"warning: {w}", file=sys.stderr)
        say(f"{len(tasks)} file(s) to transcribe, {driver.progress.skipped} already done")
        if tasks:
            t0 = time.monotonic()
            try:
                labels = executor.load()
            except TingxieError:
                raise
            except Exception as exc:  # e.g. a model folder that parses but does not build
                log.exception("engine load failed")
                print(f"error: the models could not be loaded: {exc} (details in {logsetup.log_file()})",
                      file=sys.stderr)
                return EXIT_MODELS
            for label in labels:
                say(f"engine: {label}")
            say(f"workers ready in {time.monotonic() - t0:.1f} s")
            executor.run(driver, tasks)
    except TingxieError as exc:
        return report_error(exc)
    finally:
        if getattr(driver, "manifest", None) is not None:
            md, _js = driver.finish({"cluster": args.cluster or "none", "workers_asked": args.workers,
                                     "gpus_per_worker": args.gpus_per_worker})
            say(f"report: {md}")
        executor.close()
    for path, err in driver.progress.failures:
        print(f"error: {path}: {err}", file=sys.stderr)
    p = driver.progress
    say(f"{p.done} done, {p.failed} failed, {p.skipped} skipped; {p.audio_done_s / 3600:.3f} h audio at "
        f"{p.throughput():.1f} audio hours per hour")
    return EXIT_FAILED if p.failed else EXIT_OK

