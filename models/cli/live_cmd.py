"""`python main.py live`: record from the microphone with live captions.

Streaming text is printed in place (on a terminal) and each final sentence as a line with its time; the
recording is written crash-safe to the recordings folder (or --output-dir) as it goes; Ctrl+C or SIGTERM stops
the recording, finishes the last segment, writes the exports beside the recording and exits 0. The final
sentences are in the job history as they appear: after a crash, the repaired recording resumes from there.
"""
from __future__ import annotations

import argparse
import logging
import queue
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from models.cli.args import (add_engine_arguments, add_format_argument, add_verbose_argument, engine_config,
                             report_error)
from models.core.errors import TingxieError
from models.core.textfmt import clock
from models.live.captions import final_line
from models.options import DEFAULT_SOURCE, EXIT_FAILED, EXIT_MODELS, EXIT_OK, SOURCES
from models.speakers.options import add_speaker_argument
from models.text.pipeline import add_text_arguments, text_options_from_args

log = logging.getLogger(__name__)
TICK_S = 0.1


def add_parser(sub: Any) -> None:
    """Register `live` on the CLI's subparsers."""
    p = sub.add_parser("live", help="record from the microphone with live captions; Ctrl+C stops and exports")
    p.add_argument("--input", metavar="NAME", default=None,
                   help="the microphone: a name as `live --list-inputs` shows it, or its number (default: the "
                        "system's default input)")
    p.add_argument("--list-inputs", action="store_true", help="list the microphones and exit")
    p.add_argument("--source", choices=SOURCES, default=DEFAULT_SOURCE,
                   help="what to record: the microphone, the system audio (what the computer plays: an online "
                        "meeting's remote side), or both on two channels (default: %(default)s). With both, each "
                        "final sentence is labelled 我 or 对方 and the loudspeakers' echo is left out, as when "
                        "the recording is transcribed afterwards; the streaming text hears the two mixed")
    p.add_argument("-o", "--output-dir", type=Path,
                   help="where the recording and its exports go (default: Tingxie's recordings folder)")
    p.add_argument("--no-streaming", action="store_true",
                   help="final sentences only (no streaming text, even when the live-captions model is installed)")
    add_format_argument(p)
    add_engine_arguments(p)
    add_text_arguments(p)
    add_speaker_argument(p)
    add_verbose_argument(p)


def cmd_live(args: argparse.Namespace, stop: threading.Event | None = None, out: Any = None) -> int:
    """Run until Ctrl+C, SIGTERM, the microphone going away, or `stop` (tests)."""
    from models.capture.capture import Recorder, RecorderError
    from models.capture.devices import list_input_devices

    out = out or sys.stdout
    if args.list_inputs:
        for d in list_input_devices():
            print(d, file=out)
        return EXIT_OK
    stop = stop or threading.Event()
    folder = args.output_dir
    if folder is None:
        from models.core import paths

        folder = paths.recordings_dir()
    _recover(folder)
    try:
        engine, streaming = _load(args)
    except TingxieError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_MODELS
    from models.jobs.store import JobStore
    from models.live.session import LiveSession

    lines: queue.SimpleQueue[str] = queue.SimpleQueue()
    recorder = Recorder()
    try:
        path = recorder.start(device=_input(args.input, list_input_devices), folder=folder, source=args.source)
    except RecorderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        engine.close()
        return EXIT_FAILED
    session = LiveSession(engine, JobStore.open_default(), path, recorder.samplerate, streaming=streaming,
                          text=text_options_from_args(args), speakers=args.speakers,
                          on_final=lambda s: lines.put(f"[{clock(s.start_ms / 1000)}] {final_line(s)}"),
                          on_notice=lambda m: lines.put(f"note: {m}"))
    recorder.add_listener(lambda block, _pos: session.push(block))
    session.start()
    what = recorder.device_name + (f" and {recorder.system_name}" if args.source == "both" else "")
    print(f"recording {path} from {what} (Ctrl+C stops)", file=sys.stderr)
    old = _on_signals(stop)
    problem = ""
    try:
        problem = _show(session, recorder, stop, lines, out)
    finally:
        _restore(old)
        t0 = time.monotonic()
        try:
            recorder.stop()
        except RecorderError as exc:
            problem = problem or str(exc)
        transcript = session.finish()
        engine.close()
    _flush(lines, out, "")
    if transcript is None:
        print(f"error: the live transcript failed: {session.error}; the recording is kept: {path}", file=sys.stderr)
        return EXIT_FAILED
    from models.export import formats as exporters

    written = exporters.write_all(transcript, path.parent, args.format, stem=path.stem)
    print(f"{path.name}: {len(transcript.segments)} sentences, finished {time.monotonic() - t0:.1f} s after "
          f"the recording stopped -> " + ", ".join(str(w) for w in written), file=sys.stderr)
    if problem:
        print(f"note: {problem} The recording and every sentence up to then are kept.", file=sys.stderr)
    return EXIT_OK


def _input(name: str | None, list_inputs: Any) -> int | None:
    """--input as PortAudio wants it: a number as is, a name looked up (an unknown name is an error, not the
    default microphone in disguise)."""
    from models.capture.files import RecorderError

    if not name:
        return None
    if name.isdigit():
        return int(name)
    devices = list_inputs()
    for d in devices:
        if d.name == name:
            return d.index
    raise RecorderError(f"no microphone named {name!r}; these exist: " + ", ".join(d.name for d in devices))


def _load(args: argparse.Namespace) -> tuple[Any, Any]:
    """The engine and, unless turned off or not installed, the streaming recogniser."""
    from models.asr.engine import Engine

    engine = Engine(engine_config(args))
    info = engine.load(speakers=args.speakers.enabled)
    print(f"engine: {info.label()} (loaded in {info.load_s:.1f} s)", file=sys.stderr)
    if args.no_streaming:
        return engine, None
    from models.live.streaming_model import load_for_engine

    streaming, why = load_for_engine(engine)
    if streaming is None:
        print(f"note: {why}; final sentences only", file=sys.stderr)
    return engine, streaming


def _recover(folder: Path) -> None:
    """Recordings a crash left unfinished: repaired, and their live transcripts bound to them (resumable)."""
    from models.capture.files import find_unfinished, repair
    from models.jobs.store import JobStore
    from models.live.recover import bind_recovered

    for path in find_unfinished(folder):
        try:
            repair(path)
        except TingxieError as exc:
            print(f"warning: cannot repair {path}: {exc}", file=sys.stderr)
            continue
        job = bind_recovered(JobStore.open_default(), path)
        done = f"; its transcript resumes at {clock(job.resume_ms / 1000)}" if job is not None else ""
        print(f"recovered {path} after a crash{done}: `python main.py transcribe {path}` finishes it",
              file=sys.stderr)


def _show(session: Any, recorder: Any, stop: threading.Event, lines: queue.SimpleQueue, out: Any) -> str:
    """Print until stopped; returns why it stopped early ("" for a normal stop)."""
    tty = hasattr(out, "isatty") and out.isatty()
    shown = ""
    while not stop.wait(TICK_S):
        shown = _flush(lines, out, shown if tty else "")
        err = recorder.status().error
        if err:
            return err
        if tty:
            text = session.captions.partial.text
            if session.catching_up:
                text = f"(catching up, {session.stream_backlog_s:.0f} s behind) {text}"
            text = text[-70:]
            if text != shown:
                out.write("\r\033[K" + text)
                out.flush()
                shown = text
    return ""


def _flush(lines: queue.SimpleQueue, out: Any, shown: str) -> str:
    """Print the final sentences that arrived; clears an in-place streaming line first."""
    wrote = False
    while True:
        try:
            line = lines.get_nowait()
        except queue.Empty:
            break
        if shown and not wrote:
            out.write("\r\033[K")
        out.write(line + "\n")
        wrote = True
    if wrote:
        out.flush()
        return ""
    return shown


def _on_signals(stop: threading.Event) -> list[tuple[int, Any]]:
    if threading.current_thread() is not threading.main_thread():
        return []
    old = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        old.append((sig, signal.signal(sig, lambda *_a: stop.set())))
    return old


def _restore(old: list[tuple[int, Any]]) -> None:
    for sig, handler in old:
        signal.signal(sig, handler)
