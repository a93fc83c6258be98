"""Issue 17: the optimised-graph cache (models/runtime/ort_session.py). A session from the saved graph gives exactly
the outputs of one built from the published graph (ASR FP32 and INT8, VAD, punctuation), is saved once, and a
damaged or outdated entry is rebuilt."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import soundfile as sf

from models.asr import ort_models
from models.runtime import ort_session, rewrites
from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, VAD_ID, onnx_dir


def _outputs(models: ort_models.OrtModels, speech_clips: dict) -> list:
    out = []
    for clip in speech_clips.values():
        x, sr = sf.read(str(clip["path"]), dtype="float32")
        if sr != 16000:
            continue
        spans = models.vad.stream().feed(x, is_final=True)
        out.append(spans)
        for a, b in [*spans, (0, len(x) // 16)]:
            words, ms = models.rec.recognize(x[a * 16: b * 16], a)
            out.append((words, ms, models.rec.punctuate(words)))
    return out


def _load(root: Path, quantized: bool, cache: Path | None) -> ort_models.OrtModels:
    return ort_models.load(onnx_dir(root, ASR_ID), onnx_dir(root, VAD_ID), onnx_dir(root, PUNC_ID),
                           quantized=quantized, graph_cache=cache)


def test_cached_graphs_give_identical_outputs(tiny_onnx: Path, speech_clips: dict, tmp_path: Path) -> None:
    cache = tmp_path / "graphs"
    for quantized in (False, True):
        want = _outputs(_load(tiny_onnx, quantized, None), speech_clips)
        first = _outputs(_load(tiny_onnx, quantized, cache), speech_clips)  # saves the graphs
        again = _outputs(_load(tiny_onnx, quantized, cache), speech_clips)  # loads them unoptimised
        assert any(w[0] for w in want if isinstance(w, tuple)), "the fixture model should emit text"
        assert first == want and again == want
    entries = sorted(p.name for p in cache.iterdir())
    assert len(entries) == 4, entries  # ASR model.onnx + model_quant.onnx, VAD, punctuation
    for e in cache.iterdir():
        assert (e / ".complete").is_file() and (e / ort_session.GRAPH_NAME).is_file()
        assert (e / ort_session.DATA_NAME).stat().st_size > (e / ort_session.GRAPH_NAME).stat().st_size


def test_saved_once_and_loaded_without_optimising(tiny_onnx: Path, tmp_path: Path, monkeypatch) -> None:
    src = onnx_dir(tiny_onnx, PUNC_ID) / "model.onnx"
    cache = tmp_path / "graphs"
    ort_session.session(src, graph_cache=cache)
    saves: list[Path] = []
    levels: list[object] = []
    real_save, real_session = ort_session._save_optimized, ort_session.ort.InferenceSession
    monkeypatch.setattr(ort_session, "_save_optimized", lambda p, e, r=None: (saves.append(p), real_save(p, e, r)))
    monkeypatch.setattr(ort_session.ort, "InferenceSession",
                        lambda path, so, **kw: (levels.append(so.graph_optimization_level), real_session(path, so, **kw))[1])
    ort_session.session(src, graph_cache=cache)
    assert saves == [] and levels == [ort_session.ort.GraphOptimizationLevel.ORT_DISABLE_ALL]


def test_damaged_or_outdated_entries_are_rebuilt(tiny_onnx: Path, speech_clips: dict, tmp_path: Path) -> None:
    root = tmp_path / "models"
    for mid in (ASR_ID, VAD_ID, PUNC_ID):
        shutil.copytree(onnx_dir(tiny_onnx, mid), onnx_dir(root, mid))
    cache = tmp_path / "graphs"
    want = _outputs(_load(root, True, None), speech_clips)
    _load(root, True, cache)
    src = onnx_dir(root, ASR_ID) / "model_quant.onnx"
    guard = rewrites.for_paraformer()
    assert ort_session.entry_dir(src, cache) != ort_session.entry_dir(src, cache, guard)  # rewritten: own key
    entry = ort_session.entry_dir(src, cache, guard)
    data = entry / ort_session.DATA_NAME
    data.write_bytes(data.read_bytes()[: data.stat().st_size // 3])  # truncated weights
    assert _outputs(_load(root, True, cache), speech_clips) == want  # fell back to the published graph
    assert not entry.exists()  # ... and dropped the damaged entry
    assert _outputs(_load(root, True, cache), speech_clips) == want and (entry / ".complete").is_file()

    st = src.stat()  # a repaired download (new mtime) gets its own entry
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert ort_session.entry_dir(src, cache, guard) != entry
    np.testing.assert_equal(_outputs(_load(root, True, cache), speech_clips), want)
