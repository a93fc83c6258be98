"""`python main.py models list|download|verify|import|repair`: the model cache from the command line."""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from models.cli.args import add_verbose_argument
from models.cli.progressbar import ProgressBar
from models.core.errors import Cancelled, TingxieError
from models.core.textfmt import size_text
from models.options import DEFAULT_MODEL_SET, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, MODEL_SETS
from models.store.detect import find_models


def add_parser(sub: Any) -> None:
    m = sub.add_parser("models", help="list, download, verify or import the models")
    add_verbose_argument(m)
    msub = m.add_subparsers(dest="action", required=True)
    msub.add_parser("list", help="show each model, its state and folder")
    d = msub.add_parser("download", help="download models from ModelScope into the cache")
    d.add_argument("keys", nargs="*", help="registry keys, e.g. asr vad punc punc-large asr-onnx asr-seaco spk "
                   "live live-onnx (default: --set)")
    d.add_argument("--set", dest="model_set", choices=MODEL_SETS, default=DEFAULT_MODEL_SET,
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

def cmd_models(args: argparse.Namespace) -> int:
    from models.core import registry
    from models.store.manager import ModelStore

    store = ModelStore()
    keys = getattr(args, "keys", None) or list(registry.DEFAULT_KEYS)
    if args.action == "download" and not args.keys:  # the set this machine runs
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
            size = size_text(st.size_bytes) if st.size_bytes else f"~{spec.size_mb} MB"
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
                return EXIT_INTERRUPTED
            except (TingxieError, Cancelled) as exc:
                bar.close()
                print(f"error: {spec.key}: {exc}", file=sys.stderr)
                rc = EXIT_FAILED
        return rc
    if args.action == "import":
        return _import(store, args.path, args.key)
    return EXIT_USAGE


def _import(store: Any, path: Path, key: str | None) -> int:
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
