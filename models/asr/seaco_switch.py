"""Which recogniser decodes a file: SeACo-Paraformer with the glossary's hotwords, or the main Paraformer-large.

The engine asks once per file (Engine.transcribe):

    rec = switch.recognizer(loaded_set, text_steps)   # a SeacoRecognizer, or None: the main model decodes

SeACo is used when the glossary has hotwords (models/asr/seaco.py seaco_hotwords) and the model is installed. It is
loaded on first use, with the device and precision the main model really got (RuntimeInfo), and kept until the
engine closes or its device/precision/weights change. If it cannot load, a warning says so (the job runner turns
warnings into job notices) and the main model decodes: the glossary then only replaces text after recognition.
A failed load is remembered for the same weights, so the next file does not pay for it again.
"""
from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from models.asr.loading import LoadedSet, RuntimeInfo, first_line
from models.asr.seaco import SEACO_SPEC, installed_folder, seaco_hotwords
from models.core import paths
from models.runtime.torch_probe import needs_torch_message, torch_available
from models.text.pipeline import TextSteps

if TYPE_CHECKING:  # torch comes with these: imported only when SeACo is used (the ONNX set's process has none)
    from models.runtime.loader import LoadedModel
    from models.asr.seaco_recognizer import SeacoRecognizer

log = logging.getLogger(__name__)


class SeacoSwitch:
    def __init__(self, store: object | None = None, int8_cache_dir: Path | None = None) -> None:
        self._store = store
        self._int8_cache_dir = int8_cache_dir
        self._lock = threading.Lock()
        self._key: tuple = ()
        self._model: LoadedModel | None = None
        self._failed: str = ""  # why the model under self._key could not load
        self.info: RuntimeInfo | None = None  # what runs SeACo (device, precision, INT8 cache, load time)

    def store(self) -> object:
        if self._store is None:
            from models.store.manager import ModelStore

            self._store = ModelStore()
        return self._store

    def folder(self) -> Path | None:
        """The installed SeACo folder, or None (not installed, or the store cannot tell)."""
        try:
            return installed_folder(self.store())
        except Exception as exc:  # a model folder we cannot even stat is as good as absent
            log.info("SeACo-Paraformer status unknown: %s", exc)
            return None

    def hotwords(self, text: TextSteps | None) -> list[str]:
        return seaco_hotwords(text.glossary) if text is not None and text.glossary is not None else []

    def dirs(self, text: TextSteps | None) -> dict[str, Path]:
        """{"asr-seaco": folder} when a run with `text` will use SeACo, else {} (for the job's settings key)."""
        folder = self.folder() if self.hotwords(text) and torch_available() else None
        return {SEACO_SPEC.key: folder} if folder is not None else {}

    def recognizer(self, loaded: LoadedSet, text: TextSteps | None) -> SeacoRecognizer | None:
        words = self.hotwords(text)
        folder = self.folder() if words else None
        if folder is None:
            return None
        if not torch_available():  # the CPU bundle: each file's notice says so, the glossary replaces text only
            log.warning("%s; the glossary only corrects the text after recognition",
                        needs_torch_message("SeACo-Paraformer (glossary hotwords)"))
            return None
        info = loaded.info
        with self._lock:
            key = (str(folder), _weights_stamp(folder), info.device, info.precision)
            if key != self._key:
                self.drop()
                self._key = key
            if self._failed:
                log.warning(_fallback_message(self._failed))
                return None
            try:
                if self._model is None:
                    self._model = self._load(folder, info)
                half = info.device == "cuda" and info.precision == "fp16"
                from models.asr.seaco_recognizer import SeacoRecognizer

                return SeacoRecognizer(self._model, loaded.punc, info.device, half, words)
            except Exception as exc:
                log.info("SeACo-Paraformer could not be used", exc_info=True)  # the warning below is the notice
                self._failed = first_line(exc)
                self.drop(keep_failure=True)
                log.warning(_fallback_message(self._failed))
                return None

    def drop(self, keep_failure: bool = False) -> None:
        """Forget the loaded model (engine closed or reloaded)."""
        had = self._model is not None
        self._model, self.info = None, None
        if not keep_failure:
            self._failed, self._key = "", ()
        if had:
            gc.collect()
            torch = sys.modules.get("torch")
            if torch is not None and torch.cuda.is_available():
                torch.cuda.empty_cache()

    def _load(self, folder: Path, main: RuntimeInfo) -> LoadedModel:
        t0 = time.perf_counter()
        cache_dir = self._int8_cache_dir or paths.cache_dir() / "int8"
        # ONNX Runtime runs only the main model; SeACo runs on PyTorch with the same precision (INT8 on the CPU).
        from models.asr.seaco_recognizer import load_seaco

        model, state = load_seaco(folder, main.device, main.precision, cache_dir)
        self.info = replace(main, backend="torch", int8_cache=state, load_s=time.perf_counter() - t0, warnings=())
        log.info("SeACo-Paraformer ready in %.1f s (%s, int8 cache: %s)", self.info.load_s, self.info.label(),
                 state or "-")
        return model


def _weights_stamp(folder: Path) -> str:
    try:
        st = (folder / "model.pt").stat()
        return f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        return "?"


def _fallback_message(reason: str) -> str:
    return (f"SeACo-Paraformer (hotwords) could not be loaded ({reason}); transcribing with Paraformer-large, "
            f"so the glossary only corrects the text after recognition. Check it with "
            f"`python main.py models verify --deep {SEACO_SPEC.key}`.")
