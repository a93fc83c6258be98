"""Run the CPU ONNX pipeline (VAD -> Paraformer -> punctuation) on one file and report what it cost, as JSON.

    python -m models.bench.torchfree --asr DIR --vad DIR --punc DIR FILE [--fp32]

Prints {"torch_imported": false, "import_s", "load_s", "run_s", "peak_rss_mb", "segments", "words"}. Run it in a
fresh process: the point is what a CPU process holds when torch never comes in (tests/cpu/test_torch_free.py).
"""
from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from models.asr import ort_models  # noqa: E402
from models.audio import decode as audio  # noqa: E402

SR = 16000


def run(models: ort_models.OrtModels, path: Path) -> tuple[int, int]:
    """Engine-like loop, kept minimal: blocks -> VAD -> each segment recognised and punctuated."""
    vad, kept, segs, words = models.vad.stream(), np.zeros(0, np.float32), 0, 0
    blocks = list(audio.stream(path, block_s=60.0)) or [np.zeros(0, np.float32)]
    for i, block in enumerate(blocks):
        kept = np.concatenate([kept, block])  # the whole file: fine for a check on minutes of audio
        for a, b in vad.feed(block, is_final=i == len(blocks) - 1):
            w, _ms = models.rec.recognize(kept[a * SR // 1000: b * SR // 1000], a)
            models.rec.punctuate(w)
            segs, words = segs + 1, words + len(w)
    return segs, words


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--asr", type=Path, required=True)
    ap.add_argument("--vad", type=Path, required=True)
    ap.add_argument("--punc", type=Path)
    ap.add_argument("--fp32", action="store_true", help="model.onnx instead of model_quant.onnx")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    import_s = time.perf_counter() - T0
    t = time.perf_counter()
    models = ort_models.load(args.asr, args.vad, args.punc, quantized=not args.fp32, threads=args.threads)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    segs, words = run(models, args.file)
    report = {"torch_imported": "torch" in sys.modules, "import_s": round(import_s, 3), "load_s": round(load_s, 3),
              "run_s": round(time.perf_counter() - t, 3),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "segments": segs, "words": words}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
