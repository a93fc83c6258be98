"""The benchmark's "drift" task: FP32 against each other precision on the same VAD segments (encoder cosine,
token agreement), in a worker process of its own."""
from __future__ import annotations

from typing import Any

from models.bench.pipelines import cuda_check, tingxie_engine

SR = 16000


def task_drift(spec: dict[str, Any]) -> dict[str, Any]:
    """FP32 vs each other precision on the same speech segments (the first VAD segments of the audio)."""
    import numpy as np
    import torch

    from models.audio import decode as audio

    cuda_check(spec)
    base = tingxie_engine({**spec, "precision": "fp32"}, spec["int8_cache_dir"])
    base.load()
    segs = [(a, b) for a, b in base.detect_speech(spec["audio"]) if b - a >= 300]
    budget_ms, chosen = spec.get("max_speech_s", 120) * 1000, []
    for a, b in segs[: spec.get("max_segments", 30)]:
        if chosen and sum(y - x for x, y in chosen) + (b - a) > budget_ms:
            break
        chosen.append((a, b))
    pcm: list[np.ndarray] = []
    need = (chosen[-1][1] * SR // 1000) if chosen else 0
    for block in audio.stream(spec["audio"]):
        pcm.append(block)
        if sum(p.size for p in pcm) >= need:
            break
    x = np.concatenate(pcm) if pcm else np.zeros(0, np.float32)
    chunks = [(a, x[a * SR // 1000: b * SR // 1000]) for a, b in chosen]
    ref = [(base.recognizer.encode(c)[0], base.recognizer.recognize(c, a)[0]) for a, c in chunks]
    out: dict[str, Any] = {"segments": len(chunks), "speech_s": sum(c.size for _, c in chunks) / SR,
                           "by_precision": {}}
    variants = [(p, "tingxie") for p in spec["precisions"]]
    if "int8" in spec["precisions"] and spec["device"] == "cpu" and "tingxie-torch" in spec.get("pipelines", ()):
        variants.append(("int8", "tingxie-torch"))
    for prec, pipe in variants:
        if prec == "fp32" or (prec == "fp16" and spec["device"] != "cuda"):
            continue
        eng = tingxie_engine({**spec, "precision": prec, "pipeline": pipe}, spec["int8_cache_dir"])
        eng.load()
        cos, agree, same, n_ref = [], 0.0, 0, 0
        edits = 0
        for (a, c), (enc32, words32) in zip(chunks, ref):
            if eng.recognizer.onnx is None:  # ONNX Runtime runs the whole model in one call: no encoder output
                enc, _ = eng.recognizer.encode(c)
                cos.append(float(torch.nn.functional.cosine_similarity(
                    enc.float().flatten().cpu(), enc32.float().flatten().cpu(), dim=0)))
            words = eng.recognizer.recognize(c, a)[0]
            edits += _edit_distance(words32, words)
            n_ref += len(words32)
            same += words == words32
        agree = 1.0 - edits / max(1, n_ref)
        out["by_precision"][prec if pipe == "tingxie" else f"{prec} ({pipe})"] = {
            "backend": eng.info.backend if eng.info else None,
            "encoder_cosine_mean": float(np.mean(cos)) if cos else None,
            "encoder_cosine_min": float(np.min(cos)) if cos else None,
            "token_agreement": agree if chunks else None,
            "segments_identical": same, "tokens_fp32": n_ref}
        eng.close()
    return out


def _edit_distance(a: list, b: list) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]
