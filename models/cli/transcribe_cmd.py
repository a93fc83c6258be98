"""`python main.py transcribe FILE...`: one warm engine, each file through the job history, exports beside each
file or into --output-dir."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

from models.cli.args import add_engine_arguments, add_format_argument, add_verbose_argument, engine_config
from models.cli.progressbar import ProgressBar
from models.cli.voices_cmd import add_no_voices_argument, library_for_run
from models.core import logsetup
from models.core.errors import Cancelled, ModelMissingError, TingxieError
from models.options import EXIT_FAILED, EXIT_MODELS, EXIT_OK, EXIT_USAGE, EngineConfig
from models.speakers.options import add_speaker_argument
from models.text.pipeline import add_text_arguments, text_options_from_args

log = logging.getLogger(__name__)


def add_parser(sub: Any) -> None:
    t = sub.add_parser("transcribe", help="transcribe audio/video files")
    t.add_argument("files", nargs="+", type=Path)
    t.add_argument("-o", "--output-dir", type=Path, help="where exports go (default: next to each file)")
    add_format_argument(t)
    add_engine_arguments(t)
    t.add_argument("--restart", action="store_true", help="start over instead of resuming an interrupted job")
    add_text_arguments(t)
    add_speaker_argument(t)
    add_no_voices_argument(t)
    t.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_verbose_argument(t)


def cmd_transcribe(args: argparse.Namespace) -> int:
    from models.asr.engine import Engine
    from models.audio import decode as audio

    files: list[Path] = []
    failures: list[tuple[Path, str]] = []
    for f in args.files:
        if f.is_dir():
            found = sorted(p for p in f.rglob("*") if p.is_file() and audio.is_supported(p))
            if not found:
                print(f"warning: no audio or video files in {f}", file=sys.stderr)
            files.extend(found)
        else:
            files.append(f)
    if not files:
        print("error: no audio files found", file=sys.stderr)
        return EXIT_USAGE
    cfg = engine_config(args)
    refused = _needs_torch(cfg)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return EXIT_USAGE
    engine = Engine(cfg)
    try:
        info = engine.load(on_status=lambda s: log.info("load: %s", s), speakers=args.speakers.enabled)
    except ModelMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_MODELS
    except TingxieError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_MODELS
    except Exception as exc:  # e.g. a model folder that parses but does not build
        log.exception("engine load failed")
        print(f"error: the models could not be loaded: {exc} (details in {logsetup.log_file()}); "
              "try `python main.py models verify --deep` and `models repair`", file=sys.stderr)
        return EXIT_MODELS
    # (the engine's warnings already reached stderr through the console log handler)
    if not args.quiet:
        print(f"engine: {info.label()} (loaded in {info.load_s:.1f} s)", file=sys.stderr)
    from models.export.names import export_targets
    from models.jobs.runner import JobRunner
    from models.jobs.store import JobStore

    jobs = JobRunner(JobStore.open_default(), voices=library_for_run(args))
    targets = export_targets(files, lambda f: args.output_dir or f.parent)
    for path, target in zip(files, targets):
        try:
            _transcribe_one(engine, jobs, path, args, target)
        except Cancelled:
            raise KeyboardInterrupt
        except TingxieError as exc:
            failures.append((path, str(exc)))
            print(f"error: {path}: {exc}", file=sys.stderr)
        except Exception as exc:  # a bug must not cost the other files their transcripts
            log.exception("unexpected failure on %s", path)
            failures.append((path, f"internal error: {exc}"))
            print(f"error: {path}: internal error: {exc} (details in {logsetup.log_file()})", file=sys.stderr)
    if failures:
        print(f"{len(failures)} of {len(files)} file(s) failed", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _needs_torch(cfg: EngineConfig) -> str:
    """Why this build cannot run what was asked on the command line ("" when it can): without PyTorch (the CPU
    bundle) an explicit FP32/FP16, --backend torch or --punc punc-large is refused rather than silently replaced
    (the GUI's engine runs INT8 instead and says so). --device cuda falls back to the CPU as on any GPU-less machine."""
    from models.options import torch_free
    from models.runtime.torch_probe import needs_torch_message, torch_available

    if torch_available():
        return ""
    wanted = [what for what, _instead in torch_free(cfg)[1] if what != "CUDA"]
    if not wanted:
        return ""
    return (needs_torch_message(" and ".join(wanted)) + ". Leave the option out to run INT8 on ONNX Runtime "
            "(the default).")


def _transcribe_one(engine: Any, jobs: Any, path: Path, args: argparse.Namespace, target: Path) -> None:
    """target: where the exports go, without extension (models/export/names.py)."""
    from models.audio import decode as audio
    from models.export import formats as exporters

    info = audio.probe(path)
    bar = None if args.quiet else ProgressBar(path.name[:30], info.duration_s)
    t0 = time.monotonic()

    def on_progress(p: Any) -> None:
        if bar:
            bar.update(p.done_s, force=p.stage == "done")

    transcript = _add_speakers(engine, jobs.store, path, args) if args.speakers.enabled and not args.restart else None
    if transcript is None:
        transcript = jobs.run(engine, path, on_progress=on_progress, restart=args.restart,
                              text=text_options_from_args(args), speakers=args.speakers)
    if bar:
        bar.close()
    out_dir = target.parent
    if args.output_dir:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TingxieError(f"cannot create the output folder {out_dir}: {exc.strerror}") from exc
    written = exporters.write_all(transcript, out_dir, args.format, stem=target.name)
    elapsed = time.monotonic() - t0
    rtf = elapsed / max(transcript.duration_ms / 1000, 1e-6)
    who = f", {len({s.speaker for s in transcript.segments})} speaker(s)" if transcript.has_speakers else ""
    if not args.quiet:
        print(f"{path.name}: {len(transcript.segments)} sentences{who}, {elapsed:.1f} s (RTF {rtf:.3f}) -> "
              + ", ".join(str(w) for w in written), file=sys.stderr)


def _add_speakers(engine: Any, store: Any, path: Path, args: argparse.Namespace) -> Any:
    """A file already transcribed with other speaker settings: only the speaker step runs on the saved transcript
    (the user's corrections kept); returns its transcript, or None when it has to be transcribed."""
    from models.jobs.edits import edited_transcript
    from models.jobs.identity import speaker_model_entry
    from models.revise.finished import done_without_speakers
    from models.revise.speakers import apply_speakers

    job = done_without_speakers(store, engine, path, text_options_from_args(args), args.speakers)
    if job is None:
        return None
    print(f"{path.name}: already transcribed; adding speakers to the saved transcript (your corrections are kept, "
          "nothing is transcribed again)", file=sys.stderr)
    done = apply_speakers(store, job.id, args.speakers, engine.speaker_embedder, speaker_model_entry(engine))
    log.info("%s: %d speaker(s) on %d sentences", path.name, done.speakers, done.sentences)
    return edited_transcript(store, job.id)
