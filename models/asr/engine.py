"""Engine: the streaming pipeline. Audio blocks -> VAD segments -> Paraformer (+ punctuation) -> sentences.

The CLI, the GUI worker, the benchmark and the batch runner all drive this class. Which models, device,
precision and runtime it gets is models/asr/loading.py's business. No Qt here.
"""
from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from models.asr.block_loop import BlockLoop
from models.asr.channels import ChannelLoop
from models.asr.loading import LoadedSet, ModelLoader, RuntimeInfo, first_line
from models.asr.recording_gaps import GapMarks
from models.asr.second_try import SecondTry, gap_segment
from models.asr.seaco_switch import SeacoSwitch  # SeACo: hotwords
from models.asr.sentences import build_segments
from models.audio.sources import AudioSource, FileSource, with_final
from models.core.errors import ModelError, TingxieError
from models.core.transcript import Progress, Segment, Transcript
from models.options import EngineConfig
from models.text.pipeline import TextSteps

if TYPE_CHECKING:  # recognizer.py imports torch; the ONNX set's process never does
    from models.asr.recognizer import Recognizer
from models.runtime.system import malloc_trim
from models.speakers.options import SpeakerOptions
from models.speakers.windows import SegmentEmbeddings

log = logging.getLogger(__name__)

SR = 16000
BLOCK_S = 60.0  # decode/VAD block; segments are at most 60 s (VAD max_single_segment_time)
DECODE_THREAD_PREFIX = "tingxie-asr"  # the decode pool's threads (job runners collect their warnings too)

class Engine:
    thread_prefix = DECODE_THREAD_PREFIX  # names of the threads that log while a file is decoded

    def __init__(self, config: EngineConfig | None = None, store: object | None = None,
                 int8_cache_dir: Path | None = None) -> None:
        self.config = config or EngineConfig()
        self._loader = ModelLoader(self.config, store, int8_cache_dir)
        self._set: LoadedSet | None = None
        self._lock = threading.Lock()
        self._seaco = SeacoSwitch(store, int8_cache_dir)  # SeACo-Paraformer when the glossary has hotwords
        self._asr_rec: Recognizer | None = None  # this file's recogniser when it is not the main one (SeACo)
        self._store = store
        self._second_try = SecondTry()  # a failed segment's second runtime / precision, built on first need
        self._spk: object | None = None  # SpeakerEmbedder / OnnxSpeakerEmbedder, loaded when diarization is asked

    @property
    def loaded(self) -> bool:
        return self._set is not None

    @property
    def loaded_set(self) -> LoadedSet:
        """The loaded models (VAD, ASR, punctuation) and what runs them; raises when not loaded."""
        return self._current()

    @property
    def recognizer(self) -> Any:
        """The loaded recognizer (Recognizer; OrtRecognizer on the ONNX set); raises when not loaded."""
        return self._current().rec

    @property
    def info(self) -> RuntimeInfo | None:
        return self._set.info if self._set else None

    def model_dirs(self) -> dict[str, Path]:
        """Local folders of the models, resolved without any network access (raises ModelMissingError)."""
        return self._loader.model_dirs()

    def seaco_dirs(self, text: TextSteps | None) -> dict[str, Path]:
        """{"asr-seaco": folder} when transcribe(text=text) will decode with SeACo-Paraformer (job settings)."""
        return self._seaco.dirs(text)

    def load(self, on_status: Callable[[str], None] | None = None, speakers: bool = False) -> RuntimeInfo:
        """Load the models; speakers: also CAM++ (else it loads on the first transcribe() that asks for it)."""
        status = on_status or (lambda _m: None)
        with self._lock:
            self._set = self._loader.load(status)
            self._spk = None
        if speakers:
            status("loading speaker embeddings (CAM++)")
            self.speaker_embedder()
        info = self._set.info
        for w in info.warnings:
            log.warning(w)
        log.info("engine ready: %s in %.1f s (int8 cache: %s)", info.label(), info.load_s, info.int8_cache)
        status("ready")
        return info

    def speaker_key(self) -> str:
        """Which CAM++ diarization uses: "spk-onnx" (sherpa-onnx's export on ONNX Runtime, no torch) on the CPU when
        it is installed or torch is not, unless the backend is "torch"; else "spk" (funasr's CAM++ folder). Without
        torch (the CPU bundle) always "spk-onnx": a backend "torch" saved by a full build does not apply there."""
        from models.core import registry
        from models.runtime.cuda_probe import cuda_available
        from models.runtime.torch_probe import torch_available
        from models.store.manager import ModelStore

        if not torch_available():
            return "spk-onnx"

        if self._set is not None:
            device = self._set.info.device
        else:
            device = "cuda" if self.config.device == "cuda" or (self.config.device == "auto" and
                                                                 cuda_available()) else "cpu"
        if device != "cpu" or self.config.backend == "torch":
            return "spk"
        store = self._store or ModelStore()
        if not hasattr(store, "status"):  # a test double that only resolves
            return "spk"
        if store.status(registry.MODELS["spk-onnx"]).ready:
            return "spk-onnx"
        return "spk"

    def speaker_model_dir(self) -> Path:
        """The folder of the CAM++ speaker_key() picks (raises ModelMissingError; no network)."""
        from models.core import registry
        from models.store.manager import ModelStore

        return (self._store or ModelStore()).resolve(registry.MODELS[self.speaker_key()])  # type: ignore[attr-defined]

    def speaker_embedder(self) -> object:
        """The CAM++ embedder, loaded once: on CUDA when the engine runs there; on the CPU sherpa-onnx's export
        without torch (models/speakers/onnx_embed.py) when speaker_key() picks it, else funasr's CAM++ on ONNX
        Runtime (faster than PyTorch there, models/speakers/embed.py) unless the engine's backend is "torch"."""
        loaded = self._current()
        if self._spk is None:
            device = loaded.info.device
            key = self.speaker_key()
            # workers segments run at once, one thread each (as the ASR does); one segment: all threads
            threads = 1 if loaded.workers > 1 else loaded.info.threads
            try:
                folder = self.speaker_model_dir()
                if key == "spk-onnx":
                    from models.core import registry
                    from models.speakers.onnx_embed import OnnxSpeakerEmbedder

                    self._spk = OnnxSpeakerEmbedder(folder / registry.MODELS[key].required_files[0], threads=threads)
                else:
                    from models.speakers.embed import SpeakerEmbedder

                    backend = "torch" if device == "cuda" or self.config.backend == "torch" else "auto"
                    self._spk = SpeakerEmbedder(folder, device=device, backend=backend, threads=threads,
                                                onnx_cache_dir=self._loader.int8_cache_dir)
            except TingxieError:
                raise
            except Exception as exc:
                raise ModelError(f"the speaker model (CAM++) could not be loaded: {exc}", model_key=key) from exc
        return self._spk

    def close(self) -> None:
        with self._lock:
            self._set = None
            self._seaco.drop()
            self._second_try.drop()
            self._spk = None
            gc.collect()
            torch = sys.modules.get("torch")  # never imported for it: the ONNX set's process has no torch
            if torch is not None and torch.cuda.is_available():
                torch.cuda.empty_cache()
            malloc_trim()

    # ---------- transcription ----------
    def transcribe(
        self,
        source: str | Path | AudioSource,
        on_segment: Callable[[Segment], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        start_ms: int = 0,
        text: TextSteps | None = None,
        speakers: SpeakerOptions | None = None,
        on_embeddings: Callable[[int, SegmentEmbeddings], None] | None = None,
        on_vad: Callable[[int, int], None] | None = None,
        first_index: int = 0,
    ) -> Transcript:
        """Transcribe a file (a path) or any AudioSource (a live capture: models.audio.sources.PushSource).
        Segments ending at or before start_ms are skipped (resume).

        text: the text steps (glossary, numbers, script; models/text/pipeline.py) run on each VAD segment's
        sentences in its decode thread, so every consumer (job history, GUI, exports) sees the same final text.
        speakers: when enabled, CAM++ embeds each decoded VAD segment's audio in its decode thread,
        right after ASR (no second pass over the file). on_embeddings(vad_index, SegmentEmbeddings) is called in
        order, after that segment's on_segment calls and before its on_progress. The engine never clusters: the
        segments come back unlabelled and the caller labels the whole file once with
        models.speakers.assign.label_speakers (JobRunner: stored + new embeddings).
        on_vad(start_ms, end_ms): each VAD segment as soon as the VAD closes it, before it is decoded.
        first_index: the first VAD segment's number (a source that starts later than 0 continues a numbering).
        A live source gets the VAD in short chunks (its segments may differ from the same audio as a file).
        A recording's lost spans (`<name>.gaps.json` beside it, models/audio/gaps.py) come out as marker sentences
        where they fall, in time order among the others (models/asr/recording_gaps.py).
        """
        if self._set is None:
            raise ModelError("the engine is not loaded")
        spk = self.speaker_embedder() if speakers is not None and speakers.enabled else None
        src = source if not isinstance(source, (str, Path)) else FileSource(source, BLOCK_S)

        def decode(chunk: np.ndarray, a: int, b: int, index: int, end_ms: int | None, rows: np.ndarray | None
                   ) -> tuple[list[Segment], SegmentEmbeddings | None]:
            return self._segment(chunk, a, b, index, end_ms, text, spk, rows)

        seaco = self._seaco.recognizer(self._set, text)  # None: the main model decodes
        workers = self._set.workers
        if getattr(src, "channels", 1) == 2:  # a meeting: microphone + system audio
            return self._transcribe_channels(src, decode, seaco, workers, start_ms, on_segment, on_progress,
                                             on_embeddings, on_vad, cancel)
        vad = self._set.vad_stream(live=src.live)  # a meeting's loop makes one per channel instead
        with self._lock, ThreadPoolExecutor(workers, thread_name_prefix=DECODE_THREAD_PREFIX) as pool:
            self._asr_rec = seaco
            try:
                marks = GapMarks(src.name, start_ms, follow=src.live)  # spans a recording lost
                loop = BlockLoop(src, vad, pool, workers, decode, lambda: self._asr_rec or self._current().rec,
                                 start_ms, on_segment, on_progress, on_embeddings, on_vad, cancel, first_index,
                                 marks)
                segments = loop.run()
            finally:
                self._asr_rec = None
        rt = (self._seaco.info if seaco is not None else None) or self._set.info
        model = seaco.model_name if seaco is not None else "paraformer-large-vad-punc"
        return Transcript(source=src.name, duration_ms=loop.end_ms, segments=segments,
                          model=model, device=rt.device, precision=rt.precision,
                          device_name=rt.device_name, backend=rt.backend, threads=rt.threads)

    def _transcribe_channels(self, src: AudioSource, decode: Callable, seaco: Any, workers: int, start_ms: int,
                             on_segment: Callable | None, on_progress: Callable | None, on_embeddings: Callable | None,
                             on_vad: Callable | None, cancel: threading.Event | None) -> Transcript:
        """Both channels of a meeting recording, one transcript in time order (models/asr/channels.py)."""
        assert self._set is not None
        vads = [self._set.vad_stream(live=src.live) for _ in range(2)]
        with self._lock, ThreadPoolExecutor(workers, thread_name_prefix=DECODE_THREAD_PREFIX) as pool:
            self._asr_rec = seaco
            try:
                loop = ChannelLoop(src, vads, pool, workers, decode, start_ms, on_segment, on_progress, on_embeddings,
                                   on_vad, cancel, GapMarks(src.name, start_ms, follow=src.live),
                                   rec=lambda: self._asr_rec or self._current().rec)
                segments = loop.run()
            finally:
                self._asr_rec = None
        rt = (self._seaco.info if seaco is not None else None) or self._set.info
        model = seaco.model_name if seaco is not None else "paraformer-large-vad-punc"
        return Transcript(source=src.name, duration_ms=loop.end_ms, segments=segments, model=model, device=rt.device,
                          precision=rt.precision, device_name=rt.device_name, backend=rt.backend, threads=rt.threads)

    def detect_speech(self, path: str | Path) -> list[tuple[int, int]]:
        """The VAD's speech segments [start_ms, end_ms] for a file (the same ones transcribe() decodes)."""
        if self._set is None:
            raise ModelError("the engine is not loaded")
        vad = self._set.vad_stream()
        found: list[tuple[int, int]] = []
        with self._lock:
            for block, final in with_final(FileSource(path, BLOCK_S)):
                found += vad.feed(block, is_final=final)
        return found

    def _segment(self, chunk: np.ndarray, a_ms: int, b_ms: int, index: int, end_ms: int | None,
                 text: TextSteps | None = None, spk: object | None = None, rows: np.ndarray | None = None
                 ) -> tuple[list[Segment], SegmentEmbeddings | None]:
        """One VAD segment's audio -> its sentences and, with spk, its speaker embeddings (in a decode thread).
        rows: the segment's fbank rows from the VAD (the ONNX set), so the recogniser does not compute them again."""
        hi = min(b_ms, end_ms) if end_ms is not None else b_ms
        try:
            words, word_ms = self._run_asr(chunk, a_ms, rows)
        except TingxieError:  # the engine's own verdicts (models that cannot load, cancel) end the file as they say
            raise
        except Exception as exc:  # noqa: BLE001 - one segment must not cost the file: retry elsewhere, else mark
            got = self._second_try.decode(self._asr_rec or self._current().rec, exc, lambda r: (
                r.recognize(chunk, a_ms) if rows is None else r.recognize(chunk, a_ms, fbank=rows)), a_ms, hi)
            if isinstance(got, str):
                return [gap_segment(a_ms, hi, index, got)], None
            words, word_ms = got
        sentences = build_segments(words, word_ms, self._punctuate(words), index, (a_ms, max(a_ms, hi)))
        emb = spk.embed_segment(chunk, a_ms) if spk is not None else None  # type: ignore[attr-defined]
        return (text(sentences) if text is not None else sentences), emb

    def _punctuate(self, words: list[str]) -> list[str] | None:
        """The marks after each word; None (one sentence per segment, no marks) when punctuation fails."""
        try:
            return self._current().rec.punctuate(words)
        except Exception as exc:  # noqa: BLE001 - the words are kept without punctuation
            log.warning("punctuation failed on a segment (%s); its text is kept without it", first_line(exc))
            return None

    def _run_asr(self, chunk: np.ndarray, offset_ms: int, rows: np.ndarray | None = None
                 ) -> tuple[list[str], list[tuple[int, int]]]:
        def run() -> tuple[list[str], list[tuple[int, int]]]:
            rec = self._asr_rec or self._current().rec
            return rec.recognize(chunk, offset_ms) if rows is None else rec.recognize(chunk, offset_ms, fbank=rows)

        torch = sys.modules.get("torch")
        if torch is None:  # the ONNX set: no torch, so no CUDA and no CUDA out-of-memory to catch
            return run()
        try:
            return run()
        except torch.cuda.OutOfMemoryError:
            log.warning("CUDA out of memory on a %.1f s segment; retrying", chunk.size / SR)
            torch.cuda.empty_cache()
            try:
                return run()
            except torch.cuda.OutOfMemoryError:
                # Second OOM on the same segment: the CPU takes over (INT8) rather than fail the file.
                self._asr_rec = None  # SeACo too: the main model finishes the file on the CPU
                loaded = self._loader.cpu_fallback(self._current(), "CUDA ran out of memory")
                log.warning(loaded.info.warnings[-1])
                return loaded.rec.recognize(chunk, offset_ms)

    def _current(self) -> LoadedSet:
        if self._set is None:
            raise ModelError("the engine is not loaded")
        return self._set

