"""CAM++ speaker embeddings without torch (issues 15 and 17): sherpa-onnx's ONNX export of the same CAM++ model
(registry "spk-onnx"), Kaldi fbank from kaldi-native-fbank, ONNX Runtime. Same interface as
models/speakers/embed.SpeakerEmbedder, so the engine uses either:

    emb = OnnxSpeakerEmbedder(path_to_onnx, threads=1)
    rec = emb.embed_segment(audio_16k, seg_start_ms)      # SegmentEmbeddings

Features are funasr's CAM++ features (funasr/models/campplus/utils.extract_feature: torchaudio's Kaldi fbank with
its defaults and 80 mel bins, on samples in [-1, 1], minus each window's mean), which is also what sherpa-onnx
computes for this graph (its metadata: normalize_samples=1, feature_normalize_type=global-mean). kaldi-native-fbank
differs from torchaudio only in float rounding; tests/speakers/test_onnx_embed.py measures the agreement.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import kaldi_native_fbank as knf
import numpy as np

from models.core.errors import ModelError
from models.runtime.features import knf_rows
from models.speakers.windows import SAMPLE_RATE, SegmentEmbeddings, embed_audio, unit_length

log = logging.getLogger(__name__)

INPUT = "x"  # sherpa-onnx scripts/3dspeaker/export-onnx.py: input_names=["x"], output_names=["embedding"]
OUTPUT = "embedding"
FEAT_DIM = 80
FRAME_LEN, FRAME_SHIFT = 400, 160  # samples: 25 ms frames every 10 ms at 16 kHz
BATCH = 16  # windows per network call, as models/speakers/embed.py (the memory bound for diarization)


def fbank_options() -> knf.FbankOptions:
    """torchaudio.compliance.kaldi.fbank's defaults (what funasr's CAM++ calls) with num_mel_bins=80."""
    opts = knf.FbankOptions()
    fo = opts.frame_opts
    fo.samp_freq = float(SAMPLE_RATE)
    fo.frame_length_ms, fo.frame_shift_ms = 25.0, 10.0
    fo.dither = 0.0
    fo.preemph_coeff = 0.97
    fo.remove_dc_offset = True
    fo.window_type = "povey"
    fo.round_to_power_of_two = True
    fo.blackman_coeff = 0.42
    fo.snip_edges = True
    opts.mel_opts.num_bins = FEAT_DIM
    opts.mel_opts.low_freq, opts.mel_opts.high_freq = 20.0, 0.0
    opts.use_energy = False
    opts.energy_floor = 1.0
    opts.raw_energy = True
    opts.htk_compat = False
    opts.use_log_fbank = True
    opts.use_power = True
    return opts


def fbank(windows: np.ndarray) -> np.ndarray:
    """(n, samples) float32 in [-1, 1] -> (n, frames, 80) float32: Kaldi fbank, each window's mean subtracted."""
    opts = fbank_options()
    out = [knf_rows(opts, w) for w in windows]
    feats = np.stack(out) if out else np.zeros((0, 0, FEAT_DIM), np.float32)
    return feats - feats.mean(axis=1, keepdims=True)


def segment_fbank(audio: np.ndarray, windows: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """fbank(windows) for the windows cut_windows(audio) gave, computing each sample's frames once: windows that
    start on the 10 ms frame grid (all but a segment's last, moved-back one) take their rows from one fbank pass
    over the segment (a Kaldi frame depends only on its own 400 samples, so the rows are the same numbers); the
    others are computed alone. Measured on 2 shared cores, 45 s of speech: kaldi-native-fbank window by window
    2.5-3.5 ms a window, torchaudio's batch 1.1-2.4 ms, this 1.3 ms."""
    n = len(spans)
    if n == 0:
        return fbank(windows)
    length = windows.shape[1]
    frames = 1 + (length - FRAME_LEN) // FRAME_SHIFT
    on_grid = [i for i, (a, b) in enumerate(spans) if a % FRAME_SHIFT == 0 and b - a == length]
    feats = np.empty((n, frames, FEAT_DIM), np.float32)
    if on_grid:
        whole = knf_rows(fbank_options(), audio[: max(spans[i][1] for i in on_grid)])
        for i in on_grid:
            first = spans[i][0] // FRAME_SHIFT
            feats[i] = whole[first: first + frames]
    rest = sorted(set(range(n)) - set(on_grid))
    if rest:
        opts = fbank_options()
        for i in rest:
            feats[i] = knf_rows(opts, windows[i])
    return feats - feats.mean(axis=1, keepdims=True)


def _session(path: Path, threads: int):  # -> onnxruntime.InferenceSession
    from models.runtime import ort_session

    return ort_session.session(path, threads=max(1, threads))


def graph_problem(path: Path) -> str | None:
    """Why `path` is not sherpa-onnx's CAM++ export (does not load, other inputs/outputs, other features), or None."""
    try:
        sess = _session(Path(path), 1)
    except Exception as exc:  # noqa: BLE001 - any failure to load means the file is unusable
        return f"{Path(path).name} does not load as an ONNX graph ({type(exc).__name__}: {str(exc)[:120]})"
    return _io_problem(Path(path).name, sess)


def _io_problem(name: str, sess) -> str | None:  # noqa: ANN001 - an onnxruntime.InferenceSession
    inputs, outputs = sess.get_inputs(), sess.get_outputs()
    if [i.name for i in inputs] != [INPUT] or OUTPUT not in [o.name for o in outputs]:
        return (f"{name} is not the CAM++ export Tingxie expects (inputs {[i.name for i in inputs]}, outputs "
                f"{[o.name for o in outputs]}; expected {INPUT!r} -> {OUTPUT!r})")
    if inputs[0].shape[-1] != FEAT_DIM:
        return f"{name} takes {inputs[0].shape[-1]} features per frame, not {FEAT_DIM}"
    meta = sess.get_modelmeta().custom_metadata_map
    wrong = {k: meta.get(k) for k, v in (("sample_rate", str(SAMPLE_RATE)), ("normalize_samples", "1"),
                                         ("feature_normalize_type", "global-mean")) if meta.get(k, v) != v}
    if wrong:
        return f"{name} expects other features than CAM++ ({wrong})"
    return None


class OnnxSpeakerEmbedder:
    """sherpa-onnx's CAM++ graph loaded once; embed_segment() per VAD segment (thread-safe, CPU only).

    Args:
        path: the .onnx file (registry "spk-onnx").
        threads: ONNX Runtime intra-op threads.
    """

    backend = "onnx"
    device = "cpu"

    def __init__(self, path: Path, threads: int = 1) -> None:
        path = Path(path)
        try:
            self.session = _session(path, threads)
        except Exception as exc:  # noqa: BLE001
            raise ModelError(f"{path.name} does not load as an ONNX graph: {exc}", model_key="spk-onnx",
                             bad_file=path.name) from exc
        problem = _io_problem(path.name, self.session)
        if problem:
            raise ModelError(problem, model_key="spk-onnx", bad_file=path.name)
        meta = self.session.get_modelmeta().custom_metadata_map
        self.dim = int(meta.get("output_dim") or 192)
        self._batch = BATCH
        self._lock = threading.Lock()

    def _run(self, feats: np.ndarray) -> np.ndarray:
        n = feats.shape[0]
        if self._batch > 1:
            try:
                out = self.session.run([OUTPUT], {INPUT: feats})[0]
                if out.shape == (n, self.dim):
                    return out
                log.info("CAM++ graph gave %s for a batch of %d; running one window at a time", out.shape, n)
            except Exception as exc:  # noqa: BLE001 - a graph exported for batch 1 only (sherpa-onnx runs it so)
                log.info("CAM++ graph does not take a batch (%s); running one window at a time", exc)
            self._batch = 1
        return np.concatenate([self.session.run([OUTPUT], {INPUT: feats[i: i + 1]})[0].reshape(1, -1)
                               for i in range(n)])

    def _embed(self, feats: np.ndarray) -> np.ndarray:
        out = np.zeros((feats.shape[0], self.dim), dtype=np.float32)
        for i in range(0, feats.shape[0], BATCH):
            with self._lock:
                out[i: i + BATCH] = self._run(np.ascontiguousarray(feats[i: i + BATCH]))
        return unit_length(out)

    def embed_windows(self, windows: np.ndarray) -> np.ndarray:
        """(n, 24000) float32 windows -> (n, dim) unit-length embeddings."""
        return self._embed(fbank(windows))

    def embed_segment(self, audio_16k: np.ndarray, seg_start_ms: int) -> SegmentEmbeddings:
        """The windows of one VAD segment's audio (mono float32 16 kHz) and their embeddings."""
        return embed_audio(audio_16k, seg_start_ms,
                           lambda audio, windows, spans: self._embed(segment_fbank(audio, windows, spans)), self.dim)
