"""Who a job is: the file (path, size, mtime, hash of the head), the settings that change its text, and which
process is running it. Split from models/jobs/store.py; no Qt."""
from __future__ import annotations

import hashlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.core.errors import AudioError

HEAD_BYTES = 1 << 20
# A recording transcribed while it is being made has no file identity yet: its job row carries this head hash
# until the recording ends (or models.live.recover binds it to the repaired file after a crash).
LIVE_HEAD = "live-recording"
ORIGIN = "origin"  # key in a job's settings JSON (not in its settings key): "live" for a live recording's job


def live_origin(job: Any) -> bool:
    """True for the job of a recording transcribed live (its sentences came from the live VAD)."""
    return getattr(job, "settings", {}).get(ORIGIN) == "live"


@dataclass(frozen=True)
class FileIdentity:
    path: Path  # resolved
    size: int
    mtime_ns: int
    head_sha256: str

    @classmethod
    def of(cls, path: str | Path) -> "FileIdentity":
        p = Path(path)
        try:
            p = p.resolve()
            st = p.stat()
            with p.open("rb") as f:
                head = hashlib.sha256(f.read(HEAD_BYTES)).hexdigest()
        except FileNotFoundError:
            raise AudioError(f"File not found: {path}") from None
        except IsADirectoryError:
            raise AudioError(f"This is a folder, not an audio file: {path}") from None
        except PermissionError:
            raise AudioError(f"Cannot read {path}: permission denied") from None
        except OSError as exc:
            raise AudioError(f"Cannot read {path}: {exc.strerror or exc}") from None
        return cls(p, st.st_size, st.st_mtime_ns, head)

    def same_file(self, other: "FileIdentity") -> bool:
        return (self.size, self.mtime_ns, self.head_sha256) == (other.size, other.mtime_ns, other.head_sha256)


def engine_settings(engine: Any, text: Any = None, speakers: Any = None) -> dict:
    """The settings that change a transcript, as actually run (engine.info) where the engine is loaded.

    text: the run's TextSteps (glossary, numbers, script); absent for runs without text steps, so the keys of
    jobs saved before them still match. speakers: SpeakerOptions; only an enabled one adds to the key
    (with the CAM++ weights' identity), so turning diarization on is a new job and "off" keys stay as they were.
    """
    from models.core import registry

    cfg = getattr(engine, "config", None)  # GUI test fakes may have neither config nor model folders
    info = getattr(engine, "info", None)
    models: dict[str, str] = {}
    dirs = engine.model_dirs() if hasattr(engine, "model_dirs") else {}
    if text is not None and hasattr(engine, "seaco_dirs"):  # SeACo-Paraformer decodes: another model, another key
        dirs = {**dirs, **engine.seaco_dirs(text)}
    for key, folder in dirs.items():
        spec = registry.MODELS[key]
        try:
            weights_file = next((f for f in spec.required_files if f.endswith((".pt", ".onnx"))), "model.pt")
            st = (Path(folder) / weights_file).stat()
            weights = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            weights = "?"
        models[key] = f"{spec.model_id}@{spec.revision}#{weights}"
    out = {
        "device": getattr(info, "device", None) or getattr(cfg, "device", ""),
        "precision": getattr(info, "precision", None) or getattr(cfg, "precision", ""),
        "punc": getattr(cfg, "punc", "") or "none",
        "models": models,
    }
    if getattr(info, "backend", "torch") == "onnx":  # other text than PyTorch's: resume only on the same runtime
        out["backend"] = "onnx"  # (absent for PyTorch, so keys of jobs saved before the ONNX backend still match)
    if text is not None and text.active:
        out["text"] = text.settings()
    if speakers is not None and speakers.enabled:
        out["speakers"] = speakers.to_dict()
        entry = speaker_model_entry(engine)
        if entry is not None:
            models[entry[0]] = entry[1]
    return out


SPEAKER_MODEL_KEYS = ("spk", "spk-onnx")
# What engine_settings writes; a job's settings may hold more (the GUI queue's own choices), never in its key
ENGINE_KEYS = ("device", "precision", "punc", "models", "backend", "text", "speakers")


def engine_part(settings: dict) -> dict:
    """The engine settings among a job's stored settings: what its settings key is made of."""
    return {k: v for k, v in settings.items() if k in ENGINE_KEYS}


def speaker_model_entry(engine: Any) -> tuple[str, str] | None:
    """(registry key, "id@revision#weights") of the CAM++ the engine embeds with, for the settings' "models"."""
    from models.core import registry

    if not hasattr(engine, "speaker_model_dir"):
        return None
    folder = engine.speaker_model_dir()
    # "spk-onnx" (sherpa-onnx's export, CPU without torch) embeds a little differently: its own key
    key = engine.speaker_key() if hasattr(engine, "speaker_key") else "spk"
    spec = registry.MODELS[key]
    try:
        # campplus_cn_common.bin, or the one .onnx file
        weights_file = next(f for f in spec.required_files if f.endswith((".bin", ".onnx")))
        st = (Path(folder) / weights_file).stat()
        weights = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        weights = "?"
    return key, f"{spec.model_id}@{spec.revision}#{weights}"


def without_speakers(settings: dict) -> dict:
    """The settings with diarization left out: two jobs equal here differ only in their speakers."""
    out = {k: v for k, v in settings.items() if k != "speakers"}
    if isinstance(out.get("models"), dict):
        out["models"] = {k: v for k, v in out["models"].items() if k not in SPEAKER_MODEL_KEYS}
    return out


def with_speakers(settings: dict, speakers: Any, model_entry: tuple[str, str] | None = None) -> dict:
    """The settings of the same transcript with diarization `speakers` (SpeakerOptions; off: none)."""
    out = without_speakers(settings)
    if speakers is not None and speakers.enabled:
        out["speakers"] = speakers.to_dict()
        if model_entry is not None:
            out["models"] = {**out.get("models", {}), model_entry[0]: model_entry[1]}
    return out


def settings_key(settings: dict) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:32]


# ------------------------------------------------------------------------------------------------ process owner
def proc_start(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return ""


OWNER = f"{socket.gethostname()}:{os.getpid()}:{proc_start(os.getpid())}"


def owner_alive(owner: str) -> bool:
    try:
        host, pid_s, start = owner.rsplit(":", 2)
        pid = int(pid_s)
    except ValueError:
        return False
    if host != socket.gethostname():
        return False  # the history lives in a per-user, per-machine folder: a foreign host is stale
    if pid == os.getpid():
        return owner == OWNER
    if os.name == "nt":
        return _win_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return not start or proc_start(pid) in ("", start)  # a reused pid has another start time


def _win_pid_alive(pid: int) -> bool:  # os.kill(pid, 0) would terminate the process on Windows
    import ctypes

    handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    code = ctypes.c_ulong()
    ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    ctypes.windll.kernel32.CloseHandle(handle)
    return code.value == 259  # STILL_ACTIVE
