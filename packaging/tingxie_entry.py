"""Entry point of the PyInstaller bundle: frozen-build setup, then the same main() as `python main.py`.

    dist/tingxie/tingxie                     the app (files as arguments go to the queue)
    dist/tingxie/tingxie transcribe FILE...  headless, as `python main.py transcribe`
    dist/tingxie/tingxie --smoke-test[=S]    start the GUI, wait up to S s for the model, close, exit 0 if all worked
"""
from __future__ import annotations

import json
import multiprocessing
import os
import sys
from pathlib import Path


def bundle_info() -> dict:
    base = getattr(sys, "_MEIPASS", None)
    if not base:
        return {}
    try:
        return json.loads((Path(base) / "tingxie_bundle.json").read_text())
    except (OSError, ValueError):
        return {}


def main() -> int:
    multiprocessing.freeze_support()
    if bundle_info().get("variant") in ("cpu", "cpu-torch"):
        # The CPU-with-torch bundle lacks the NVIDIA libraries torch loads lazily (cuDNN engines, cuSOLVER, NVRTC): a
        # GPU job would fail half-way. With no visible device the engine picks the CPU and says so. (The torch-free
        # CPU bundle has no torch to hide a GPU from; the variable only keeps the driver probe quiet there.)
        os.environ["CUDA_VISIBLE_DEVICES"] = ""
    for name in ("stdout", "stderr"):  # a windowed build (Windows, macOS) has neither
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    argv = sys.argv[1:]
    from desktop.app import smoke

    argv, timeout_s = smoke.take_flag(argv)
    if timeout_s is not None:
        smoke.arm(timeout_s)
    import main as tingxie_main

    return tingxie_main.main(argv)


if __name__ == "__main__":
    sys.exit(main())
