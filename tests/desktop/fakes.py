"""Fakes at the edges of the desktop code: an Engine and a ModelStore that follow docs/ENGINE_API.md exactly.

FakeEngine: load() returns a real models.asr.loading.RuntimeInfo (so labels are the app's own formatting); transcribe() reads the real duration of a wav, emits one
segment and one progress per "batch" (2 s of audio), checks cancel between batches and raises models.core.errors
exceptions like the real engine. Batches take `batch_s` seconds of wall time (cancel.wait, so cancel is prompt).
Each batch is one "VAD segment" (vad_index = batch number, counted from the start of the file); like the real
engine, batches ending at or before start_ms are skipped (resume), but still reported as progress.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import soundfile as sf

from models.asr.loading import RuntimeInfo
from models.core.errors import AudioError, Cancelled, DownloadError, ModelMissingError
from models.core.transcript import Progress, Segment, Transcript
from models.options import EngineConfig

TEXTS = ("欢迎大家来体验达摩院推出的语音识别模型。", "我想问我在滨海新区有房。", "广州市房地产中介协会分析。",
         "今天我们来聊一聊天气、音乐，还有最近看过的好书。")


@dataclass
class FakeControl:
    """Shared knobs and records for every FakeEngine a factory builds (tests read and set these)."""

    batch_s: float = 0.01
    batch_audio_s: float = 2.0
    load_s: float = 0.0
    load_error: Exception | None = None
    fail_names: tuple[str, ...] = ("broken",)  # a file whose name contains one of these raises AudioError
    crash_names: tuple[str, ...] = ("crash",)  # ... raises a RuntimeError (a bug, not a user error)
    hold: threading.Event | None = None  # when set by a test, every batch waits for it (deterministic pauses)
    hold_from: int = 0  # ... every batch from this one on
    # name fragment -> batch numbers: each transcribe() of a matching file pops the first and raises a RuntimeError
    # at that batch (after the batches before it were reported), e.g. {"flaky": [2]} crashes once mid-file.
    crash_plan: dict[str, list[int]] = field(default_factory=dict)
    # name fragment -> batch number: quit the worker's QThread and raise WorkerDeath there (the thread dies)
    die_at: dict[str, int] = field(default_factory=dict)
    starts: list[tuple[str, int]] = field(default_factory=list)  # (file name, start_ms) of every transcribe()
    built: list[EngineConfig] = field(default_factory=list)
    transcribed: list[str] = field(default_factory=list)
    texts: list[object] = field(default_factory=list)  # the TextSteps (or None) each transcribe() was given
    speakers: list[object] = field(default_factory=list)  # the SpeakerOptions (or None) each transcribe() was given
    spk_missing: bool = False  # the CAM++ model is not installed: speaker_model_dir() raises like ModelStore
    embedded: list[int] = field(default_factory=list)  # start_ms of each segment speaker_embedder() embedded
    closed: int = 0

    def factory(self) -> Callable[[EngineConfig], "FakeEngine"]:
        def build(config: EngineConfig) -> FakeEngine:
            self.built.append(config)
            return FakeEngine(config, self)

        return build


class WorkerDeath(BaseException):
    """Escapes the worker's `except Exception`: its slot ends without reporting the job (a dead worker)."""


class FakeEngine:
    def __init__(self, config: EngineConfig, control: FakeControl) -> None:
        self.config = config
        self.control = control
        self.loaded = False
        self.info: RuntimeInfo | None = None

    def load(self, on_status: Callable[[str], None] | None = None) -> RuntimeInfo:
        c = self.control
        if on_status:
            on_status("loading fake models")
        if c.load_s:
            threading.Event().wait(c.load_s)
        if c.load_error is not None:
            raise c.load_error
        warnings: tuple[str, ...] = ()
        device = self.config.device
        if device == "cuda":
            device, warnings = "cpu", ("CUDA was requested but is not available; running on CPU.",)
        elif device == "auto":
            device = "cpu"
        backend = "onnx" if self.config.backend == "onnx" else "torch"  # "auto" runs PyTorch here
        self.info = RuntimeInfo(device, "Fake CPU", self.config.precision, self.config.threads or 2, warnings,
                                backend=backend)
        self.loaded = True
        return self.info

    def speaker_model_dir(self) -> Path:
        """Like Engine.speaker_model_dir: the CAM++ folder, or ModelMissingError (model_key "spk")."""
        if self.control.spk_missing:
            raise ModelMissingError("The model CAM++ [iic/speech_campplus_sv_zh-cn_16k-common] is not installed. "
                                    "Download it: `python main.py models download spk`", model_key="spk")
        return Path("/nonexistent/fake-campplus")

    def speaker_embedder(self) -> object:
        """Like Engine.speaker_embedder: embeds one VAD segment's audio as transcribe() would (fake_embeddings)."""
        self.speaker_model_dir()
        c = self.control

        class Embedder:
            @staticmethod
            def embed_segment(audio, start_ms: int) -> object:
                c.embedded.append(int(start_ms))
                i = int(start_ms // (c.batch_audio_s * 1000))
                return fake_embeddings(i, int(start_ms), int(start_ms) + len(audio) * 1000 // 16000)

        return Embedder()

    def transcribe(self, path, on_segment=None, on_progress=None, cancel=None, start_ms=0, text=None,
                   speakers=None, on_embeddings=None) -> Transcript:
        """text: models.text.pipeline.TextSteps run on each batch's sentence, like the real engine does.
        speakers: with on_embeddings, each batch reports one window whose vector is one of two fixed directions
        (even batches speaker A, odd ones speaker B), so clustering finds two speakers."""
        c = self.control
        p = Path(path)
        if speakers is not None and speakers.enabled:
            self.speaker_model_dir()  # the real engine loads CAM++ before decoding
        c.transcribed.append(p.name)
        c.texts.append(text)
        c.speakers.append(speakers)
        c.starts.append((p.name, int(start_ms)))
        crash_at = next((plan.pop(0) for n, plan in c.crash_plan.items() if n in p.name and plan), None)
        die_at = next((i for n, i in c.die_at.items() if n in p.name), None)
        if any(n in p.name for n in c.fail_names):
            raise AudioError(f"Cannot read {p.name}: not an audio file.")
        if any(n in p.name for n in c.crash_names):
            raise RuntimeError("fake engine bug")
        try:
            total_s = sf.info(str(p)).duration
        except Exception as exc:  # noqa: BLE001
            raise AudioError(f"Cannot read {p.name}: {exc}") from exc
        n = max(1, math.ceil(total_s / c.batch_audio_s))
        cancel = cancel or threading.Event()
        segments: list[Segment] = []
        if on_progress:
            on_progress(Progress(0.0, total_s, 0, n, "vad"))
        for i in range(n):
            start = int(i * c.batch_audio_s * 1000)
            end = int(min(total_s, (i + 1) * c.batch_audio_s) * 1000)
            if end <= start_ms:  # resume: decoded in an earlier run
                if on_progress:
                    on_progress(Progress(end / 1000, total_s, i + 1, n, "asr"))
                continue
            if cancel.is_set():
                raise Cancelled("Cancelled.")
            if crash_at == i:
                raise RuntimeError(f"fake engine bug at batch {i}")
            if die_at == i:
                from PySide6.QtCore import QThread

                c.die_at.clear()  # dies once
                QThread.currentThread().quit()
                raise WorkerDeath(f"worker died at batch {i}")
            if c.hold is not None and i >= c.hold_from:
                while not c.hold.wait(0.01):
                    if cancel.is_set():
                        raise Cancelled("Cancelled.")
            if c.batch_s:
                cancel.wait(c.batch_s)
            said = TEXTS[i % len(TEXTS)]
            seg = Segment(start, end, said, tuple(said), tuple((start, end) for _ in said), vad_index=i)
            if text is not None:
                seg = text([seg])[0]
            segments.append(seg)
            if on_segment:
                on_segment(seg)
            if speakers is not None and on_embeddings is not None:
                on_embeddings(i, fake_embeddings(i, start, end))
            if on_progress:
                on_progress(Progress(end / 1000, total_s, i + 1, n, "asr"))
        info = self.info
        return Transcript(source=str(p), duration_ms=int(total_s * 1000), segments=segments, model="fake",
                          device=info.device if info else "", precision=info.precision if info else "",
                          device_name=info.device_name if info else "", backend=info.backend if info else "",
                          threads=info.threads if info else 0)

    def close(self) -> None:
        self.loaded = False
        self.control.closed += 1


def fake_embeddings(i: int, start_ms: int, end_ms: int) -> object:
    """One window over the batch, on the x axis (even batches) or the y axis (odd ones)."""
    import numpy as np

    from models.speakers.windows import SegmentEmbeddings

    vec = np.zeros((1, 8), dtype=np.float32)
    vec[0, i % 2] = 1.0
    return SegmentEmbeddings(start_ms, np.array([[start_ms, end_ms]], dtype=np.int64), vec)


def missing_models_error() -> ModelMissingError:
    return ModelMissingError("The speech model is not installed. Open the model manager to download or import it.",
                             model_key="asr")


# -- model store ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FakeSpec:
    key: str
    role: str
    model_id: str
    revision: str
    title: str
    required_files: tuple[str, ...] = ("model.pt",)
    size_mb: float = 1.0
    checksums: dict | None = None
    runtime: str = "torch"


class FakeState:
    MISSING = "missing"
    PARTIAL = "partial"
    READY = "ready"
    BROKEN = "broken"


@dataclass
class FakeStatus:
    state: str
    path: Path
    problems: list[str] = field(default_factory=list)
    size_bytes: int = 0


FAKE_SPECS = [
    FakeSpec("asr", "asr", "iic/fake-paraformer", "v2.0.4", "Paraformer-large", size_mb=0.2),
    FakeSpec("vad", "vad", "iic/fake-fsmn-vad", "v2.0.4", "FSMN-VAD", size_mb=0.1),
    FakeSpec("punc", "punc", "iic/fake-ct-punc", "v2.0.4", "CT-Transformer punctuation", size_mb=0.1),
]


class FakeStore:
    """Download writes bytes chunk by chunk into root/<model_id>/model.pt, honouring cancel and resuming."""

    def __init__(self, root: Path, *, offline: bool = False, chunk: int = 8192, chunk_s: float = 0.0) -> None:
        self.root = Path(root)
        self.offline = offline
        self.chunk = chunk
        self.chunk_s = chunk_s
        self.calls: list[str] = []

    def model_dir(self, spec) -> Path:
        return self.root / spec.model_id

    def _size(self, spec) -> int:
        return int(spec.size_mb * 1024 * 1024)

    def status(self, spec) -> FakeStatus:
        f = self.model_dir(spec) / "model.pt"
        if not f.exists():
            return FakeStatus(FakeState.MISSING, self.model_dir(spec), ["model.pt missing"])
        n = f.stat().st_size
        if n < self._size(spec):
            return FakeStatus(FakeState.PARTIAL, self.model_dir(spec), ["model.pt incomplete"], n)
        if f.read_bytes()[:1] == b"X":
            return FakeStatus(FakeState.BROKEN, self.model_dir(spec), ["model.pt checksum mismatch"], n)
        return FakeStatus(FakeState.READY, self.model_dir(spec), [], n)

    def verify(self, spec, deep: bool = False) -> list[str]:
        self.calls.append(f"verify:{spec.key}")
        return self.status(spec).problems

    def download(self, spec, on_progress=None, cancel=None) -> Path:
        self.calls.append(f"download:{spec.key}")
        if self.offline:
            raise DownloadError("Cannot reach modelscope.cn. Download the model on another computer and use "
                                "Import folder.", model_key=spec.key)
        d = self.model_dir(spec)
        d.mkdir(parents=True, exist_ok=True)
        f = d / "model.pt"
        total = self._size(spec)
        done = f.stat().st_size if f.exists() else 0
        with f.open("ab") as fh:
            while done < total:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("Download cancelled.")
                n = min(self.chunk, total - done)
                fh.write(b"\0" * n)
                done += n
                if on_progress:
                    on_progress(done, total)
                if self.chunk_s:
                    threading.Event().wait(self.chunk_s)
        return d

    def import_folder(self, spec, src) -> Path:
        self.calls.append(f"import:{spec.key}")
        src_f = Path(src) / "model.pt"
        if not src_f.exists():
            raise ModelMissingError(f"{src} does not contain model.pt", model_key=spec.key)
        d = self.model_dir(spec)
        d.mkdir(parents=True, exist_ok=True)
        (d / "model.pt").write_bytes(src_f.read_bytes())
        return d

    def repair(self, spec, on_progress=None, cancel=None) -> Path:
        self.calls.append(f"repair:{spec.key}")
        f = self.model_dir(spec) / "model.pt"
        if f.exists():
            f.unlink()
        return self.download(spec, on_progress, cancel)

    def resolve(self, spec) -> Path:
        if self.status(spec).state != FakeState.READY:
            raise ModelMissingError(f"{spec.title} is not installed.", model_key=spec.key)
        return self.model_dir(spec)
