"""Typed settings: preferences (tingxie.ini) apart from UI state (state.ini), both under models.core.paths.config_dir().

Preferences are declared once in DEFAULTS; `value(key)` coerces whatever QSettings hands back (IniFormat gives
strings) to the default's type, so callers never see "true" or "4" as strings.
"""
from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QByteArray, QObject, QSettings

from models import options
from models.core import paths
from models.options import FORMATS as EXPORT_FORMATS, EngineConfig
from models.speakers.options import MAX_SPEAKERS, MODES as SPEAKER_MODES, SpeakerOptions
from models.summary import options as summary_options

if TYPE_CHECKING:
    from models.text.pipeline import TextOptions

log = logging.getLogger("tingxie.settings")


class Key(str, Enum):
    PRECISION = "engine/precision"  # models.options.PRECISIONS ("fp16": CUDA only)
    DEVICE = "engine/device"  # models.options.DEVICES
    THREADS = "engine/threads"  # 0 = let the engine pick (physical cores)
    BACKEND = "engine/backend"  # models.options.BACKENDS: what runs the ASR model on the CPU
    PUNC = "engine/punc"  # models.options.PUNCS: registry key of the punctuation model
    EXPORT_FORMATS = "export/formats"  # list of models.options.FORMATS
    EXPORT_FOLDER = "export/folder"  # "" = next to the audio file
    EXPORT_AUTO = "export/auto"  # write the exports as soon as a file is done
    SRT_MAX_CHARS = "export/srt_max_chars"
    LANGUAGE = "ui/language"  # "zh_CN" | "en"
    AUTO_START = "queue/auto_start"  # start transcribing as soon as files are added
    RECORDER_DEVICE = "recorder/device"  # "" = system default
    RECORDER_FOLDER = "recorder/folder"
    RECORDER_SOURCE = "recorder/source"  # models.options.SOURCES: microphone, system audio, or both (two channels)
    RECORDER_AUTO = "recorder/auto_transcribe"
    LIVE_CAPTIONS = "recorder/live_captions"  # transcribe while recording (streaming text needs the live model)
    TEXT_ITN = "text/itn"  # numbers as digits (inverse text normalisation)
    TEXT_SCRIPT = "text/script"  # models.options.SCRIPTS; independent of the UI language
    GLOSSARY = "text/glossary"  # the global glossary file; "" = <config dir>/glossary.txt
    SPEAKERS = "speakers/mode"  # models.speakers.options.MODES: "off" | "auto" | "fixed"
    SPEAKERS_N = "speakers/count"  # the count for "fixed"
    SPEAKERS_MIN = "speakers/min"  # bounds of the count "auto" finds
    SPEAKERS_MAX = "speakers/max"
    SPEAKERS_RECORDINGS = "speakers/recordings_auto"  # recordings find speakers automatically when mode is off
    WATCH_FOLDERS = "watch/folders"  # JSON list of desktop.settings.watch_folders.WatchFolder
    WATCH_AT_LOGIN = "watch/at_login"  # an XDG autostart entry starts Tingxie (and its watch) at login
    SUMMARY_ENDPOINT = "summary/endpoint"  # OpenAI-compatible base URL (models.summary.options)
    SUMMARY_MODEL = "summary/model"  # "" = the first the endpoint lists
    SUMMARY_API_KEY = "summary/api_key"  # optional; stored in the ini like the other preferences
    SUMMARY_CONTEXT = "summary/context"  # tokens; 0 = what the endpoint reports
    SUMMARY_TEMPLATE = "summary/template"

    def __str__(self) -> str:  # so f-strings and QSettings see "group/name"
        return self.value


DEFAULTS: dict[Key, Any] = {
    Key.PRECISION: options.DEFAULT_PRECISION,
    Key.DEVICE: options.DEFAULT_DEVICE,
    Key.THREADS: options.DEFAULT_THREADS,
    Key.BACKEND: options.DEFAULT_BACKEND,
    Key.PUNC: options.DEFAULT_PUNC,
    Key.EXPORT_FORMATS: list(options.DEFAULT_FORMATS),
    Key.EXPORT_FOLDER: "",
    Key.EXPORT_AUTO: False,
    Key.SRT_MAX_CHARS: 20,
    Key.LANGUAGE: "zh_CN",
    Key.AUTO_START: True,
    Key.RECORDER_DEVICE: "",
    Key.RECORDER_SOURCE: options.DEFAULT_SOURCE,
    Key.RECORDER_FOLDER: "",  # resolved at read time to paths.recordings_dir() (never computed at import)
    Key.RECORDER_AUTO: True,
    Key.LIVE_CAPTIONS: True,
    Key.TEXT_ITN: True,
    Key.TEXT_SCRIPT: options.DEFAULT_SCRIPT,
    Key.GLOSSARY: "",  # resolved at read time to models.text.glossary_files.default_global_path()
    Key.SPEAKERS: SpeakerOptions().mode,  # files: off (diarization costs time and needs the CAM++ model)
    Key.SPEAKERS_N: 2,
    Key.SPEAKERS_MIN: SpeakerOptions().min_n,
    Key.SPEAKERS_MAX: SpeakerOptions().max_n,
    Key.SPEAKERS_RECORDINGS: True,  # "a recording defaults to auto"
    Key.WATCH_FOLDERS: "[]",
    Key.WATCH_AT_LOGIN: False,
    Key.SUMMARY_ENDPOINT: summary_options.DEFAULT_ENDPOINT,
    Key.SUMMARY_MODEL: "",
    Key.SUMMARY_API_KEY: "",
    Key.SUMMARY_CONTEXT: 0,
    Key.SUMMARY_TEMPLATE: summary_options.DEFAULT_TEMPLATE,
}


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

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path) if path else paths.config_dir() / "tingxie.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def default(self, key: Key | str) -> Any:
        k = _key(key)
        if k is Key.RECORDER_FOLDER:
            return str(paths.recordings_dir())
        if k is Key.GLOSSARY:
            from models.text.glossary_files import default_global_path

            return str(default_global_path())
        return list(DEFAULTS[k]) if isinstance(k, Key) and isinstance(DEFAULTS[k], list) else DEFAULTS.get(k)

    def value(self, key: Key | str, default: Any = None, type: Any = None) -> Any:  # noqa: A002 (QSettings name)
        k = _key(key)
        if default is None and isinstance(k, Key):
            default = self.default(k)
        raw = self._qs.value(str(k))
        if type is not None and default is None:
            default = type()
        value = coerce(raw, default)
        if k in (Key.RECORDER_FOLDER, Key.GLOSSARY) and not value:
            value = self.default(k)
        return value

    def set_value(self, key: Key | str, value: Any) -> None:
        k = _key(key)
        if isinstance(value, tuple):
            value = list(value)
        self._qs.setValue(str(k), value)
        self._qs.sync()

    setValue = set_value  # QSettings spelling, for callers written against QSettings

    def sync(self) -> None:
        self._qs.sync()

    def engine_config(self) -> EngineConfig:
        """The EngineConfig the worker builds the engine with (and compares to decide whether a reload is due).

        A stored value the engine does not know (a hand-edited ini, a newer version's option) stays in the ini
        and is shown as is by the settings dialog; only the engine uses the default, and the log says so.
        """
        keys = {"device": Key.DEVICE, "precision": Key.PRECISION, "threads": Key.THREADS, "punc": Key.PUNC,
                "backend": Key.BACKEND}
        config, replaced = EngineConfig.from_stored({name: self.value(key) for name, key in keys.items()})
        for line in replaced:
            log.warning("setting %s", line)
        return config

    def _option(self, key: Key, allowed: tuple[str, ...]) -> str:
        value = self.value(key)
        if value in allowed:
            return value
        log.warning("setting %s = %r is not one of %s; the engine uses %r", key, value, ", ".join(allowed),
                    self.default(key))
        return self.default(key)

    def text_options(self, audio_path: str | Path) -> "TextOptions":
        """The text steps for one file: ITN, script, and the glossary files that exist (the global one,
        then <audio folder>/tingxie-glossary.txt). Read per file, so a changed setting applies to the next one."""
        from models.text.glossary_files import glossary_paths_for
        from models.text.pipeline import TextOptions

        return TextOptions(glossary_paths=glossary_paths_for(audio_path, self.value(Key.GLOSSARY)),
                           itn=self.value(Key.TEXT_ITN),
                           script=self._option(Key.TEXT_SCRIPT, options.SCRIPTS))

    def speaker_options(self, is_recording: bool = False) -> SpeakerOptions:
        """Diarization for a file added without a choice of its own. A recording finds speakers
        automatically while the files' option is off (unless that is turned off too). Out-of-range stored
        values are clamped, an unknown mode reads as off (both logged), so a hand-edited ini never stops a run."""
        mode = self._option(Key.SPEAKERS, SPEAKER_MODES)
        lo = _clamp(self.value(Key.SPEAKERS_MIN), 1, MAX_SPEAKERS)
        hi = _clamp(self.value(Key.SPEAKERS_MAX), lo, MAX_SPEAKERS)
        if mode == "off" and is_recording and self.value(Key.SPEAKERS_RECORDINGS):
            mode = "auto"
        if mode == "fixed":
            return SpeakerOptions.parse(str(_clamp(self.value(Key.SPEAKERS_N), 1, MAX_SPEAKERS)), min_n=lo, max_n=hi)
        return SpeakerOptions(mode=mode, min_n=lo, max_n=hi)

    def summary_options(self) -> summary_options.SummaryOptions:
        """The summary settings; prompts in English only when the interface is English."""
        return summary_options.SummaryOptions(
            endpoint=self.value(Key.SUMMARY_ENDPOINT).strip() or summary_options.DEFAULT_ENDPOINT,
            model=self.value(Key.SUMMARY_MODEL).strip(), api_key=self.value(Key.SUMMARY_API_KEY).strip(),
            context_tokens=max(0, self.value(Key.SUMMARY_CONTEXT)),
            template=self.value(Key.SUMMARY_TEMPLATE) or summary_options.DEFAULT_TEMPLATE,
            language="en" if self.value(Key.LANGUAGE) == "en" else "zh")

    def export_formats(self) -> list[str]:
        fmts = [f for f in self.value(Key.EXPORT_FORMATS) if f in EXPORT_FORMATS]
        return fmts or [options.FALLBACK_FORMAT]


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


def _clamp(value: int, lo: int, hi: int) -> int:
    if not lo <= value <= hi:
        log.warning("speaker count %r is outside %d..%d; using %d", value, lo, hi, min(max(value, lo), hi))
    return min(max(int(value), lo), hi)


def _key(key: Key | str) -> Key | str:
    if isinstance(key, Key):
        return key
    try:
        return Key(key)
    except ValueError:
        return key
