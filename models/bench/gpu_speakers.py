"""The speakers row of `make gpu-check`: diarization's cost on CUDA against the 15 % target.

A fresh Engine at the given precision with CAM++ loaded, the same audio transcribed with exactly two speakers
(never "auto": random fixture weights merge everything), CAM++ embedding each VAD segment in its decode thread as
in the app, then clustering and labelling as JobRunner does. The overhead is this run's transcription time over the
same precision's row without speakers. On the CPU the cost was accepted as measured (+52 % wall on 2 cores);
on CUDA the target is at most 15 %.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

TARGET = 0.15  # diarization may add at most 15 % to a CUDA transcription
SPEAKERS = "2"


def speakers_row(models: Path | None, precision: str, wav: Path, base_s: float, audio_s: float) -> dict[str, Any]:
    import torch

    from models.asr.engine import Engine
    from models.options import EngineConfig
    from models.speakers.assign import label_speakers
    from models.speakers.options import SpeakerOptions
    from models.store.manager import ModelStore

    out: dict[str, Any] = {"precision": precision, "speakers": SPEAKERS, "base_s": base_s, "target": TARGET,
                           "ok": False}
    eng = Engine(EngineConfig(device="cuda", precision=precision), store=ModelStore(models) if models else None)
    try:
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        t = time.perf_counter()
        info = eng.load(speakers=True)
        out["load_s"], out["label"] = round(time.perf_counter() - t, 2), info.label()
        opts = SpeakerOptions.parse(SPEAKERS)
        embedded: list[Any] = []
        torch.cuda.synchronize()
        t = time.perf_counter()
        tr = eng.transcribe(wav, speakers=opts, on_embeddings=lambda _i, e: embedded.append(e))
        segments = label_speakers(tr.segments, embedded, opts)
        torch.cuda.synchronize()
        out["transcribe_s"] = round(time.perf_counter() - t, 2)
        out["rtf"] = round(out["transcribe_s"] / audio_s, 4)
        out["peak_vram_mb"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
        out["labels"] = len({s.speaker for s in segments})
        out["overhead"] = round(out["transcribe_s"] / base_s - 1.0, 4) if base_s > 0 else None
        out["ok"] = tr.device == "cuda" and out["overhead"] is not None
        out["target_met"] = out["overhead"] is not None and out["overhead"] <= TARGET
        if tr.device != "cuda":
            out["error"] = f"ran on {tr.device}, not CUDA"
    except Exception as exc:  # the other rows still get reported
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        eng.close()
    return out


def render(row: dict[str, Any]) -> str:
    if not row:
        return ""
    if not row.get("ok"):
        return f"Speakers ({row.get('precision', '?').upper()}, --speakers {SPEAKERS}): FAILED ({row.get('error')})."
    verdict = "within" if row.get("target_met") else "OVER"
    return (f"Speakers ({row['precision'].upper()}, --speakers {SPEAKERS}): {row['transcribe_s']:.2f} s vs "
            f"{row['base_s']:.2f} s without, overhead {row['overhead']:+.1%} ({verdict} the {TARGET:.0%} target), "
            f"peak VRAM {row['peak_vram_mb']:.0f} MiB, {row['labels']} speaker label(s).")
