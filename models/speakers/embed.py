"""CAM++ speaker embeddings for the windows of one VAD segment (called by the engine as each segment is decoded).

    emb = SpeakerEmbedder(folder, device="cpu")           # folder: a ModelScope download of CAM++
    rec = emb.embed_segment(audio_16k, seg_start_ms)      # SegmentEmbeddings, saved with the segment

Loading follows models/runtime/loader.py (module built on the meta device, weights memory-mapped in; no AutoModel).
Features follow funasr's CAM++ path: 80-bin Kaldi fbank per 1.5 s window, mean-subtracted over the window.
Backend "auto" runs the network on ONNX Runtime on the CPU when it is installed (1.7-4x faster than PyTorch on
2 shared cores for the same windows, and no growth of torch's conv workspace) and on PyTorch otherwise or on CUDA.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import threading
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from models.runtime import funasr_lite, loader
from models.core.errors import ModelError
from models.options import BACKENDS, check
from models.speakers import onnx_campp
from models.speakers.windows import SegmentEmbeddings, embed_audio, unit_length

log = logging.getLogger(__name__)

WEIGHTS_FILE = "campplus_cn_common.bin"  # what the ModelScope repository ships (configuration.json names it)
# Windows per network call. Measured (full-size CAM++, ONNX Runtime, one thread, a 60 s segment = 79 windows):
# loading CAM++ and embedding it at batch 64 raised the process's peak by 568 MiB and took 2.7 s, at batch 16 by
# 255 MiB in 1.8 s (each decode thread embeds its own segment, so activations count once per thread;
# allows 300 MiB for the whole of diarization).
BATCH = 16


def _import_campplus() -> None:
    funasr_lite.install()
    with contextlib.redirect_stdout(io.StringIO()):  # funasr.utils.load_utils prints an ffmpeg notice
        import funasr.models.campplus.model  # noqa: F401  (registers CAMPPlus)


def load_model(folder: Path) -> tuple[torch.nn.Module, dict[str, Any], Path]:
    """(CAMPPlus in eval mode on the CPU, its config, the weights file) from a CAM++ model folder."""
    conf = loader.read_conf(folder)
    if conf.get("model") != "CAMPPlus":
        raise ModelError(f"{folder} holds a {conf.get('model')!r} model, not CAM++ (CAMPPlus)", bad_file="config.yaml")
    weights = Path(str(conf.get("init_param") or folder / WEIGHTS_FILE))
    _import_campplus()
    model_conf = dict(conf.get("model_conf", {}))
    sd = loader.read_state_dict(weights)
    try:
        model = loader.build_skeleton(conf, model_conf)
        loader.assign_weights(model, sd)
    except ModelError:
        raise
    except Exception as exc:  # a tensor left on meta: build it the ordinary way
        log.info("meta build of CAM++ failed (%s); building on the CPU", exc)
        from funasr.register import tables

        model = tables.model_classes.get("CAMPPlus")(**model_conf)
        loader.assign_weights(model, sd)
    return model.eval(), conf, weights


def fbank(windows: np.ndarray) -> torch.Tensor:
    """(n, samples) float32 -> (n, frames, 80): Kaldi fbank, mean over each window subtracted (funasr's extract_feature)."""
    import torchaudio.compliance.kaldi as kaldi

    feats = []
    for w in windows:
        f = kaldi.fbank(torch.from_numpy(w)[None], num_mel_bins=80)
        feats.append(f - f.mean(dim=0, keepdim=True))
    return torch.stack(feats) if feats else torch.zeros(0, 0, 80)


class SpeakerEmbedder:
    """CAM++ loaded once; embed_segment() per VAD segment.

    Args:
        folder: the CAM++ model folder.
        device: "cpu" or "cuda".
        backend: "auto" | "torch" | "onnx" (ONNX Runtime, CPU only; exported once into onnx_cache_dir).
        threads: ONNX Runtime threads (0: os.cpu_count()); torch uses the process-wide setting.
        onnx_cache_dir: where the exported graph is kept (models.core.paths.cache_dir() in the app).
    """

    def __init__(self, folder: Path, *, device: str = "cpu", backend: str = "auto", threads: int = 0,
                 onnx_cache_dir: Path | None = None) -> None:
        check("backend", backend, BACKENDS)
        model, self.conf, weights = load_model(Path(folder))
        self.model: torch.nn.Module | None = model
        self.dim = int(self.conf.get("model_conf", {}).get("embedding_size", 192))
        self.device = device
        self.backend = "torch"
        self._lock = threading.Lock()
        self._run: Callable[[torch.Tensor], np.ndarray] = self._torch
        if device == "cuda":
            model.to("cuda")
        elif backend != "torch" and _onnx_available():
            from models.core import paths

            path = onnx_campp.cache_file(onnx_cache_dir or paths.cache_dir(), weights)
            if not path.is_file():
                onnx_campp.export(model, path)
            ort = onnx_campp.OnnxCampp(path, threads or os.cpu_count() or 1)
            self._run = lambda feats: ort(feats.numpy())
            self.backend = "onnx"
            self.model = None  # ONNX Runtime holds its own copy of the weights
        elif backend == "onnx":
            raise ModelError("onnxruntime is not installed; run CAM++ with the torch backend")

    def _torch(self, feats: torch.Tensor) -> np.ndarray:
        assert self.model is not None
        with torch.inference_mode():
            return self.model(feats.to(self.device)).float().cpu().numpy()

    def embed_windows(self, windows: np.ndarray) -> np.ndarray:
        """(n, 24000) float32 windows -> (n, dim) unit-length embeddings. Thread-safe: the engine's decode threads
        take turns on the network (one batch's activations at a time: the memory bound for diarization)."""
        out = np.zeros((windows.shape[0], self.dim), dtype=np.float32)
        for i in range(0, windows.shape[0], BATCH):
            feats = fbank(windows[i: i + BATCH])
            with self._lock:
                out[i: i + BATCH] = self._run(feats)
        return unit_length(out)

    def embed_segment(self, audio_16k: np.ndarray, seg_start_ms: int) -> SegmentEmbeddings:
        """The windows of one VAD segment's audio (mono float32 16 kHz) and their embeddings."""
        return embed_audio(audio_16k, seg_start_ms, lambda _audio, windows, _spans: self.embed_windows(windows),
                           self.dim)


def _onnx_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))
