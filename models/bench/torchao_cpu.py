"""torch.ao's dynamic INT8 (the PyTorch CPU fallback) against torchao's CPU int8 recipes.

    python -m models.bench.torchao_cpu --models build/models-full [--frames 170] [--repeat 5]

Paraformer-large's encoder on one thread, a random ~10 s LFR input (random weights: time and agreement with FP32
are what count). Prints JSON: seconds per forward and cosine similarity to FP32 for each recipe.
"""
from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path
from typing import Any, Callable

ASR_FOLDER = "iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404-pytorch"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", type=Path, required=True, help="model cache root holding the PyTorch Paraformer")
    p.add_argument("--frames", type=int, default=170, help="LFR frames (60 ms each)")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)

    import torch
    from torchao.quantization import Int8DynamicActivationInt8WeightConfig, Int8WeightOnlyConfig, quantize_

    from models.runtime import loader
    from models.runtime.quantize import quantize_dynamic_cpu

    torch.set_num_threads(1)
    base = loader.load(args.models / "models" / ASR_FOLDER, meta=False).model.eval()
    torch.manual_seed(0)
    x, lens = torch.randn(1, args.frames, 560), torch.tensor([args.frames])

    def forward(m: Any) -> Any:
        with torch.inference_mode():
            return m.encoder(x, lens)[0]

    def timed(m: Any) -> tuple[float, Any]:
        forward(m)
        t = time.perf_counter()
        for _ in range(args.repeat):
            y = forward(m)
        return (time.perf_counter() - t) / args.repeat, y

    t32, y32 = timed(base)
    out: dict[str, Any] = {"fp32 s": round(t32, 3)}

    def torchao(cfg: Any) -> Callable[[Any], Any]:
        def apply(m: Any) -> Any:
            quantize_(m.encoder, cfg)
            return m
        return apply

    recipes = {"torch.ao dynamic int8 (shipped)": quantize_dynamic_cpu,
               "torchao int8 dynamic act + int8 weight": torchao(Int8DynamicActivationInt8WeightConfig()),
               "torchao int8 weight-only": torchao(Int8WeightOnlyConfig())}
    for name, make in recipes.items():
        try:
            t, y = timed(make(copy.deepcopy(base)))
            cos = torch.nn.functional.cosine_similarity(y.flatten(), y32.flatten(), dim=0).item()
            out[name] = {"s": round(t, 3), "x fp32": round(t32 / t, 2), "cosine to fp32": round(cos, 5)}
        except Exception as exc:  # a recipe this torchao cannot run on the CPU
            out[name] = f"failed: {type(exc).__name__}: {exc}"[:300]
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
