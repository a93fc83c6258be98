"""The seed recipe as a user's plain script runs it: the benchmark's check on its seed-recipe rows.

    python models/bench/standalone/seed_bare.py SPEC.json RESULT.json

AutoModel(model, vad_model, punc_model, ncpu=threads, disable_update=True), quantize_dynamic on model.model for
INT8, generate(input=path, batch_size_s=300). Run by path in a fresh process that imports nothing from Tingxie's
package and wraps nothing in timers, with the environment the user had (models/bench/userenv.py); only the
protocol around the calls is the benchmark's (bench_protocol.measure: load, warm-up, repeat). SPEC carries the
model folders ("dirs"), so no model store is consulted.
"""
from __future__ import annotations

import sys
import time
from typing import Any

import bench_protocol


class BareSeedRecipe:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def load(self) -> dict[str, Any]:
        import torch
        from funasr import AutoModel
        from torch import nn

        spec, dirs = self.spec, self.spec["dirs"]
        kw: dict[str, Any] = dict(model=dirs["asr"], vad_model=dirs["vad"], ncpu=spec["threads"], disable_update=True,
                                  device="cuda:0" if spec["device"] == "cuda" else "cpu")
        if dirs.get("punc"):
            kw["punc_model"] = dirs["punc"]
        if spec["precision"] == "fp16":
            kw["fp16"] = True
        self.am = AutoModel(**kw)
        if spec["precision"] == "int8":
            self.am.model = torch.ao.quantization.quantize_dynamic(self.am.model, {nn.Linear}, dtype=torch.qint8)
        return {"threads": torch.get_num_threads()}

    def instrument(self, timers: bench_protocol.StageTimers) -> None:
        raise AssertionError("the bare recipe is never instrumented")

    def transcribe(self, path: str) -> str:
        return "".join(r.get("text", "") for r in self.am.generate(input=path, batch_size_s=300))


def task(spec: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    import funasr  # noqa: F401
    import torch  # noqa: F401

    import_s = time.perf_counter() - t0
    sync = (lambda: torch.cuda.synchronize()) if spec["device"] == "cuda" else (lambda: None)
    return bench_protocol.measure(spec, BareSeedRecipe(spec), import_s, timers=None, sync=sync)


if __name__ == "__main__":
    sys.exit(bench_protocol.main(task, sys.argv[1:]))
