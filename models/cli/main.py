"""Headless command line: `transcribe`, `models`, `bench`, `batch`, `watch`. Same Engine as the GUI; never imports Qt."""
from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path

from models.core import logsetup
from models.core.errors import Cancelled, ModelMissingError, TingxieError
from models.cli.progressbar import ProgressBar, fmt_bytes
from models.store.detect import find_models
from models.speakers.options import add_speaker_argument
from models.text.pipeline import add_text_arguments, text_options_from_args
from models.options import (BACKENDS, DEFAULT_BACKEND, DEFAULT_DEVICE, DEFAULT_PRECISION, DEVICES, EngineConfig,
                            PRECISIONS)

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_MODELS = 0, 1, 2, 3


def _formats(value: str) -> list[str]:
    from models.export.formats import FORMATS

    fmts = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or value!r}; choose from {', '.join(FORMATS)}")
    return fmts


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tingxie", description="Tingxie 听写: offline Mandarin speech to text.")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("transcribe", help="transcribe audio/video files")
    t.add_argument("files", nargs="+", type=Path)
    t.add_argument("-o", "--output-dir", type=Path, help="where exports go (default: next to each file)")
    t.add_argument("-f", "--format", type=_formats, default=["txt", "srt"], help="txt,srt,vtt,json (default txt,srt)")
    t.add_argument("--precision", choices=PRECISIONS, default=DEFAULT_PRECISION,
                   help="int8 (default), fp32, or fp16 (CUDA only; the CPU runs fp32 then and says so)")
    t.add_argument("--device", choices=DEVICES, default=DEFAULT_DEVICE)
    t.add_argument("--threads", type=int, default=0, help="CPU threads (default: physical cores)")
    t.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND,
                   help="what runs the speech model on the CPU (auto: ONNX Runtime for INT8 when installed)")
    t.add_argument("--punc", choices=("punc", "punc-large", "none"), default="punc", help="punctuation model")
    t.add_argument("--restart", action="store_true", help="start over instead of resuming an interrupted job")
    add_text_arguments(t)
    add_speaker_argument(t)
    t.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    m = sub.add_parser("models", help="list, download, verify or import the models")
    msub = m.add_subparsers(dest="action", required=True)
    msub.add_parser("list", help="show each model, its state and folder")
    d = msub.add_parser("download", help="download models from ModelScope into the cache")
    d.add_argument("keys", nargs="*", help="registry keys, e.g. asr vad punc punc-large asr-onnx asr-seaco spk "
                   "(default: --set)")
    d.add_argument("--set", dest="model_set", choices=("auto", "cpu", "gpu"), default="auto",
                   help="cpu: CPU (ONNX, smaller); gpu: GPU / PyTorch; auto (default): gpu when a CUDA GPU is "
                        "present, else cpu")
    v = msub.add_parser("verify", help="check model folders; name any broken file")
    v.add_argument("keys", nargs="*")
    v.add_argument("--deep", action="store_true", help="also check checksums and that weights open")
    i = msub.add_parser("import", help="import a local model folder (or a folder of model folders)")
    i.add_argument("path", type=Path)
    i.add_argument("--as", dest="key", help="which model it is (default: detect)")
    r = msub.add_parser("repair", help="re-download broken or missing files")
    r.add_argument("keys", nargs="*")

    from models.cli import batch_cmd  # issue 18

    batch_cmd.add_parser(sub, _formats)
    from models.cli import watch_cmd

    watch_cmd.add_parser(sub, _formats)
    from models.cli import summarize_cmd

    summarize_cmd.add_parser(sub)

    b = sub.add_parser("bench", help="FP32 vs INT8 (vs FP16) benchmark")
    b.add_argument("rest", nargs=argparse.REMAINDER)
    return p


def main(argv: list[str]) -> int:
    if argv[:1] == ["bench"]:  # argparse's REMAINDER drops options like --minutes: hand them over as they are
        logsetup.setup(console=True)
        from models.bench import run as bench

        return bench.main(argv[1:])
    args = build_parser().parse_args(argv)
    logsetup.setup(console=True)
    try:
        if args.command == "transcribe":
            return cmd_transcribe(args)
        if args.command == "models":
            return cmd_models(args)
        if args.command == "batch":
            from models.cli.batch_cmd import cmd_batch

            return cmd_batch(args)
        if args.command == "watch":
            from models.cli.watch_cmd import cmd_watch

            return cmd_watch(args)
        if args.command == "summarize":
            from models.cli.summarize_cmd import cmd_summarize

            return cmd_summarize(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    return EXIT_USAGE


# ---------------- transcribe ----------------
def cmd_transcribe(args: argparse.Namespace) -> int:
    from models.audio import decode as audio
    from models.asr.engine import Engine

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
    cfg = EngineConfig(device=args.device, precision=args.precision, threads=args.threads,
                       punc="" if args.punc == "none" else args.punc, backend=args.backend)
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
    from models.jobs.runner import JobRunner
    from models.jobs.store import JobStore

    jobs = JobRunner(JobStore.open_default())
    stems = export_stems(files)
    for path in files:
        try:
            _transcribe_one(engine, jobs, path, args, stems[path])
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


def export_stems(files: list[Path]) -> dict[Path, str]:
    """Export file stem per input: "talk", or "talk.mp3" when two inputs would write the same files."""
    names = [f.stem for f in files]
    return {f: (f.name if names.count(f.stem) > 1 else f.stem) for f in files}


def _transcribe_one(engine, jobs, path: Path, args: argparse.Namespace, stem: str | None = None) -> None:
    from models.audio import decode as audio
    from models.export import formats as exporters

    info = audio.probe(path)
    bar = None if args.quiet else ProgressBar(path.name[:30], info.duration_s)
    t0 = time.monotonic()

    def on_progress(p) -> None:
        if bar:
            bar.update(p.done_s, force=p.stage == "done")

    transcript = jobs.run(engine, path, on_progress=on_progress, restart=args.restart,
                          text=text_options_from_args(args), speakers=args.speakers)
    if bar:
        bar.close()
    out_dir = args.output_dir or path.parent
    if args.output_dir:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TingxieError(f"cannot create the output folder {out_dir}: {exc.strerror}") from exc
    written = exporters.write_all(transcript, out_dir, args.format, stem=stem or path.stem)
    elapsed = time.monotonic() - t0
    rtf = elapsed / max(transcript.duration_ms / 1000, 1e-6)
    who = f", {len({s.speaker for s in transcript.segments})} speaker(s)" if transcript.has_speakers else ""
    if not args.quiet:
        print(f"{path.name}: {len(transcript.segments)} sentences{who}, {elapsed:.1f} s (RTF {rtf:.3f}) -> "
              + ", ".join(str(w) for w in written), file=sys.stderr)


# ---------------- models ----------------
def cmd_models(args: argparse.Namespace) -> int:
    from models.core import registry
    from models.store.manager import ModelStore

    store = ModelStore()
    keys = getattr(args, "keys", None) or list(registry.DEFAULT_KEYS)
    if args.action == "download" and not args.keys:  # issue 17: the set this machine runs
        from models.store import sets

        keys = list(sets.keys_for(args.model_set))
        name = sets.machine_set() if args.model_set == "auto" else args.model_set
        print(f"model set: {registry.SET_TITLES[name]} (about {sets.size_mb(name)} MB)", file=sys.stderr)
        from models.runtime.torch_probe import needs_torch_message, torch_available

        if name == "gpu" and not torch_available():
            print(f"warning: {needs_torch_message('The GPU / PyTorch set')}; it is downloaded all the same "
                  f"(for another install or a later full build)", file=sys.stderr)
    try:
        specs = [registry.get(k) for k in keys]
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    if args.action == "list":
        for spec in registry.MODELS.values():
            st = store.status(spec)
            size = fmt_bytes(st.size_bytes) if st.size_bytes else f"~{spec.size_mb} MB"
            print(f"{spec.key:<11} {st.state.value:<8} {size:>9}  {spec.model_id}@{spec.revision}\n{'':<11} {st.path}")
            for prob in st.problems if st.state.value not in ("missing", "ready") else []:
                print(f"{'':<11} ! {prob}")
        return EXIT_OK
    if args.action == "verify":
        bad = 0
        for spec in specs:
            problems = store.verify(spec, deep=args.deep)
            if problems:
                bad += 1
                print(f"{spec.key}: BROKEN ({store.status(spec).path})")
                for prob in problems:
                    print(f"  - {prob}")
            else:
                print(f"{spec.key}: ok ({store.status(spec).path})")
        return EXIT_FAILED if bad else EXIT_OK
    if args.action in ("download", "repair"):
        rc = EXIT_OK
        for spec in specs:
            bar = ProgressBar(spec.key, spec.size_mb * 1024 * 1024, unit="B")
            cancel = threading.Event()

            def on_progress(done: int, total: int, bar: ProgressBar = bar) -> None:
                bar.total = max(total, 1)
                bar.update(done)

            try:
                fn = store.repair if args.action == "repair" else store.download
                folder = fn(spec, on_progress=on_progress, cancel=cancel)
                bar.close()
                print(f"{spec.key}: ready in {folder}")
            except KeyboardInterrupt:
                cancel.set()
                print(f"\n{spec.key}: cancelled; run the same command again to resume", file=sys.stderr)
                return 130
            except (TingxieError, Cancelled) as exc:
                bar.close()
                print(f"error: {spec.key}: {exc}", file=sys.stderr)
                rc = EXIT_FAILED
        return rc
    if args.action == "import":
        return _import(store, args.path, args.key)
    return EXIT_USAGE


def _import(store, path: Path, key: str | None) -> int:
    from models.core import registry

    if not path.is_dir():
        print(f"error: {path} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    # one model folder in either layout, or a folder of model folders (e.g. a copied ModelScope cache)
    targets = [(key, path)] if key else find_models(path)
    if not targets:
        print(f"error: no Tingxie model found in {path} (expected config.yaml + model.pt + configuration.json)",
              file=sys.stderr)
        return EXIT_FAILED
    rc = EXIT_OK
    for k, src in targets:
        try:
            dest = store.import_folder(registry.get(k), src)
            print(f"{k}: imported {src} -> {dest}")
        except (TingxieError, KeyError) as exc:
            print(f"error: {k}: {exc}", file=sys.stderr)
            rc = EXIT_FAILED
    return rc
