"""Typed settings: preferences (tingxie.ini) apart from UI state (state.ini), both under models.core.paths.config_dir().

Preferences are declared once in DEFAULTS; `value(key)` coerces whatever QSettings hands back (IniFormat gives
strings) to the default's type, so callers never see "true" or "4" as strings.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import desktop.app.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from models.core import paths

log = logging.getLogger("tingxie.settings")


class Key(str, Enum):
    PRECISION = "engine/precision"  # "int8" | "fp32"
    DEVICE = "engine/device"  # "auto" | "cuda" | "cpu"
    THREADS = "engine/threads"  # 0 = let the engine pick (physical cores)
    BACKEND = "engine/backend"  # "auto" | "torch" | "onnx": what runs the ASR model on the CPU
    PUNC = "engine/punc"  # registry key of the punctuation model: "punc" | "punc-large"
    EXPORT_FORMATS = "export/formats"  # list of models.export.formats.FORMATS
    EXPORT_FOLDER = "export/folder"  # "" = next to the audio file
    EXPORT_AUTO = "export/auto"  # write the exports as soon as a file is done
    SRT_MAX_CHARS = "export/srt_max_chars"
    LANGUAGE = "ui/language"  # "zh_CN" | "en"
    AUTO_START = "queue/auto_start"  # start transcribing as soon as files are added
    RECORDER_DEVICE = "recorder/device"  # "" = system default
    RECORDER_FOLDER = "recorder/folder"
    RECORDER_AUTO = "recorder/auto_transcribe"

    def __str__(self) -> str:  # so f-strings and QSettings see "group/name"
        return self.value


PRECISIONS = ("int8", "fp32")
DEVICES = ("auto", "cuda", "cpu")
BACKENDS = ("auto", "torch", "onnx")
EXPORT_FORMATS = ("txt", "srt", "vtt", "json")

DEFAULTS: dict[Key, Any] = {
    Key.PRECISION: "int8",
    Key.DEVICE: "auto",
    Key.THREADS: 0,
    Key.BACKEND: "auto",
    Key.PUNC: "punc",
    Key.EXPORT_FORMATS: ["txt", "srt"],
    Key.EXPORT_FOLDER: "",
    Key.EXPORT_AUTO: False,
    Key.SRT_MAX_CHARS: 20,
    Key.LANGUAGE: "zh_CN",
    Key.AUTO_START: True,
    Key.RECORDER_DEVICE: "",
    Key.RECORDER_FOLDER: "",  # resolved at read time to paths.recordings_dir() (never computed at import)
    Key.RECORDER_AUTO: True,
}


@dataclass(frozen=True)
class EngineSpec:
    """What the worker needs to build an Engine; compared to decide whether a reload is due."""

    device: str = "auto"
    precision: str = "int8"
    threads: int = 0
    punc: str = "punc"
    backend: str = "auto"


def coerce(raw: Any, default: Any) -> Any:
    """Convert a QSettings value to the type of `default` (bool, int, float, list[str], str, bytes)."""
    if raw is None:
        return default
    try:
        if isinstance(default, bool):
            if isinstance(raw, str):
                return raw.strip().lower() in ("1", "true", "yes", "on")
            return bool(raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, list):
            if isinstance(raw, str):
                return [p for p in (s.strip() for s in raw.split(",")) if p]
            return [str(x) for x in raw]
        if isinstance(default, QByteArray):
            return raw if isinstance(raw, QByteArray) else QByteArray(raw)
        if isinstance(default, str):
            return str(raw)
    except (TypeError, ValueError):
        log.warning("setting value %r is not a %s; using the default", raw, type(default).__name__)
        return default
    return raw


class Settings(QObject):
    """Preferences. Also accepts plain "group/name" strings so QSettings-style callers work unchanged."""

    changed = Signal(str)  # the key that changed

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path) if path else paths.config_dir() / "tingxie.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def default(self, key: Key | str) -> Any:
        k = _key(key)
        if k is Key.RECORDER_FOLDER:
            return str(paths.recordings_dir())
        return list(DEFAULTS[k]) if isinstance(k, Key) and isinstance(DEFAULTS[k], list) else DEFAULTS.get(k)

    def value(self, key: Key | str, default: Any = None, type: Any = None) -> Any:  # noqa: A002 (QSettings name)
        k = _key(key)
        if default is None and isinstance(k, Key):
            default = self.default(k)
        raw = self._qs.value(str(k))
        if type is not None and default is None:
            default = type()
        value = coerce(raw, default)
        if k is Key.RECORDER_FOLDER and not value:
            value = self.default(k)
        return value

    def set_value(self, key: Key | str, value: Any) -> None:
        k = _key(key)
        if isinstance(value, tuple):
            value = list(value)
        old = self._qs.value(str(k))
        self._qs.setValue(str(k), value)
        self._qs.sync()
        if old != value:
            self.changed.emit(str(k))

    setValue = set_value  # QSettings spelling, for callers written against QSettings

    def sync(self) -> None:
        self._qs.sync()

    def engine_spec(self) -> EngineSpec:
        precision = self.value(Key.PRECISION)
        device = self.value(Key.DEVICE)
        return EngineSpec(
            device=device if device in DEVICES else "auto",
            precision=precision if precision in PRECISIONS else "int8",
            threads=max(0, self.value(Key.THREADS)),
            punc=self.value(Key.PUNC) or "punc",
            backend=self.value(Key.BACKEND) if self.value(Key.BACKEND) in BACKENDS else "auto",
        )

    def export_formats(self) -> list[str]:
        fmts = [f for f in self.value(Key.EXPORT_FORMATS) if f in EXPORT_FORMATS]
        return fmts or ["txt"]


class UiState:
    """Window geometry, splitter sizes, last folders: remembered, never shown in the settings dialog."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else paths.config_dir() / "state.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def bytes(self, name: str) -> QByteArray | None:
        raw = self._qs.value(name)
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

    def text(self, name: str, default: str = "") -> str:
        raw = self._qs.value(name)
        return str(raw) if raw else default

    def set(self, name: str, value: Any) -> None:
        self._qs.setValue(name, value)

    def sync(self) -> None:
        self._qs.sync()


def _key(key: Key | str) -> Key | str:
    if isinstance(key, Key):
        return key
    try:
        return Key(key)
    except ValueError:
        return key
