"""The streaming Paraformer on ONNX Runtime (CPU set, no torch): funasr's export of the encoder (model.onnx: LFR
rows -> encoder output + CIF weights) and the decoder (decoder.onnx: FSMN caches in and out), with the state that
funasr's ParaformerStreaming keeps between chunks held here in numpy:

- feats: the last chunk's 5 look-ahead rows, fed again in front of the next chunk (they are decoded there);
- start: rows seen so far, for the streaming sinusoidal position encoding;
- cif_alphas / cif_hidden: the CIF integrator's carried weight and partial token embedding;
- decoder_fsmn: each decoder block's FSMN memory (kernel_size - 1 frames).

Like funasr-onnx's paraformer_online_bin.Paraformer, without encoder or decoder attention look-back (the published
graphs take no attention caches): torch's ParaformerStreaming with look-back 0 computes the same
(tests/streaming). The final chunk follows torch's ParaformerStreaming: decoded whole, its look-ahead unmasked,
then the CIF tail weight.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from models.runtime import rewrites
from models.runtime.features import Frontend
from models.runtime.onnx_folder import read_config, token_list
from models.runtime.ort_session import session
from models.streaming.chunks import CHUNK_MS, CHUNK_SIZE, TAIL_SAMPLES, ChunkedStream
from models.streaming.frontend import OnlineFeatures

GRAPHS = {True: ("model_quant.onnx", "decoder_quant.onnx"), False: ("model.onnx", "decoder.onnx")}
SKIP_IDS = (0, 1, 2)  # <blank>, <s>, </s>: never shown (funasr drops them too)


class OnnxStreaming:
    """A loaded streaming model (two sessions, shared by every stream: ONNX Runtime's run() is thread-safe)."""

    chunk_ms = CHUNK_MS

    def __init__(self, folder: Path, quantized: bool = True, threads: int = 1, graph_cache: Path | None = None
                 ) -> None:
        """graph_cache: the optimised-graph cache folder (models/runtime/ort_session.py), None = optimise here."""
        self.folder = Path(folder)
        conf = read_config(self.folder)
        self.tokens = token_list(self.folder, conf)
        self.frontend = Frontend.from_conf(conf.get("frontend_conf", {}), self.folder / "am.mvn")
        self.d_model = int(conf["encoder_conf"]["output_size"])
        self.fsmn_layers = int(conf["decoder_conf"]["num_blocks"])
        self.fsmn_order = int(conf["decoder_conf"]["kernel_size"]) - 1
        self.cif_threshold = float(conf["predictor_conf"].get("threshold", 1.0))
        self.tail_threshold = float(conf["predictor_conf"].get("tail_threshold", 0.45))
        enc, dec = GRAPHS[quantized]
        # INT8: signed weight bytes where this CPU multiplies them exactly (faster), as for the punctuation graph
        rewrite = rewrites.for_quantized() if quantized else None
        self.encoder = session(self.folder / enc, threads, graph_cache, rewrite)
        self.decoder = session(self.folder / dec, threads, graph_cache, rewrite)
        self.cache_names = [i.name for i in self.decoder.get_inputs()][4:]
        self.files = (self.folder / enc, self.folder / dec)

    def start(self) -> "OnnxLiveStream":
        return OnnxLiveStream(self)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)


class OnnxLiveStream(ChunkedStream):
    def __init__(self, model: OnnxStreaming) -> None:
        super().__init__()
        self.m = model
        self.features = OnlineFeatures(model.frontend)
        dim = model.frontend.output_size()
        self.feats = np.zeros((1, CHUNK_SIZE[0] + CHUNK_SIZE[2], dim), np.float32)
        self.start_idx = 0
        self.cif_alphas = np.zeros((1, 1), np.float32)
        self.cif_hidden = np.zeros((1, 1, model.d_model), np.float32)
        self.fsmn = [np.zeros((1, model.d_model, model.fsmn_order), np.float32) for _ in model.cache_names]

    def decode(self, chunk: np.ndarray, is_final: bool) -> list[str]:
        if is_final and chunk.size < TAIL_SAMPLES:
            x = self.feats  # the last look-ahead rows, not yet decoded
        else:
            rows = self.features.accept(chunk, is_final)
            if rows.shape[0] == 0:
                return []
            x = self._embed(rows)
            x = np.concatenate([self.feats, x], axis=1)
            self.feats = x[:, -(CHUNK_SIZE[0] + CHUNK_SIZE[2]):]
        return self._infer(x, is_final)

    def _embed(self, rows: np.ndarray) -> np.ndarray:
        """Scaled by sqrt(d) and position-encoded from the stream's running row index (funasr's
        StreamSinusoidalPositionEncoder, in float32 as torch computes it)."""
        d = self.m.d_model
        x = rows[None] * np.float32(d ** 0.5)
        pos = np.arange(self.start_idx + 1, self.start_idx + 1 + rows.shape[0], dtype=np.float32)
        self.start_idx += rows.shape[0]
        inc = np.log(np.array([10000], np.float32)) / np.float32(x.shape[2] / 2 - 1)
        inv = np.exp(np.arange(x.shape[2] // 2, dtype=np.float32) * -inc).astype(np.float32)
        t = pos[:, None] * inv[None, :]
        return (x + np.concatenate([np.sin(t), np.cos(t)], axis=1)[None]).astype(np.float32)

    def _infer(self, x: np.ndarray, is_final: bool) -> list[str]:
        enc, enc_len, alphas = self.m.encoder.run(None, {"speech": x, "speech_lengths": np.array([x.shape[1]],
                                                                                                   np.int32)})
        embeds = self._cif(enc, alphas, is_final)
        if embeds.shape[1] == 0:
            return []
        feed = {"enc": enc, "enc_len": enc_len, "acoustic_embeds": embeds,
                "acoustic_embeds_len": np.array([embeds.shape[1]], np.int32)}
        feed.update(zip(self.m.cache_names, self.fsmn))
        out = self.m.decoder.run(None, feed)
        self.fsmn = [c[:, :, -self.m.fsmn_order:] for c in out[2:]]
        ids = out[0][0, :embeds.shape[1]].argmax(-1)
        return [self.m.tokens[i] for i in ids.tolist() if i not in SKIP_IDS]

    def _cif(self, hidden: np.ndarray, alphas: np.ndarray, is_final: bool) -> np.ndarray:
        """Continuous integrate-and-fire over this chunk with the carried weight: [1, tokens, d] embeddings."""
        alphas = alphas.copy()
        alphas[:, :CHUNK_SIZE[0]] = 0.0
        if not is_final:
            alphas[:, sum(CHUNK_SIZE[:2]):] = 0.0  # the look-ahead is decoded with the next chunk
        hidden = np.concatenate([self.cif_hidden, hidden], axis=1)[0]
        alphas = np.concatenate([self.cif_alphas, alphas], axis=1)[0]
        if is_final:
            hidden = np.concatenate([hidden, np.zeros((1, hidden.shape[1]), np.float32)])
            alphas = np.concatenate([alphas, np.array([self.m.tail_threshold], np.float32)])
        threshold = self.m.cif_threshold
        integrate = np.float32(0.0)
        frame = np.zeros(hidden.shape[1], np.float32)
        fired = []
        for a, h in zip(alphas, hidden):
            if a + integrate < threshold:
                integrate += a
                frame += a * h
            else:
                frame += (threshold - integrate) * h
                fired.append(frame)
                integrate += a
                integrate -= threshold
                frame = integrate * h
        self.cif_alphas = np.array([[integrate]], np.float32)
        self.cif_hidden = (frame / integrate if integrate > 0 else frame)[None, None].astype(np.float32)
        if not fired:
            return np.zeros((1, 0, hidden.shape[1]), np.float32)
        return np.stack(fired)[None].astype(np.float32)
