"""Is a folder a usable copy of a model? Fast checks for status, deep ones (checksums, torch.load) on demand.

Every problem names its file, so the user (and `repair`) know what to replace.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from models.core.registry import ModelSpec

# Written by us next to the model files: sizes (and ModelScope's sha256 when downloaded) per file, so a
# fast status can spot a truncated file and a deep verify has a checksum for every file.
MANIFEST_NAME = ".tingxie-manifest.json"
_PICKLE_MAGIC = b"\x80"  # torch's legacy (non-zip) format is a pickle stream


@dataclass(frozen=True)
class Problem:
    file: str
    kind: str  # "missing" | "partial" | "broken"
    message: str


# ---------------------------------------------------------------- manifest

def read_manifest(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return dict(data.get("files", {}))
    except (OSError, ValueError, AttributeError):
        return {}


def write_manifest(folder: Path, spec: ModelSpec, files: dict[str, dict]) -> None:
    body = {"model_id": spec.model_id, "revision": spec.revision, "files": files}
    tmp = folder / f"{MANIFEST_NAME}.tmp"
    tmp.write_text(json.dumps(body, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST_NAME)


def local_manifest(folder: Path, spec: ModelSpec) -> dict[str, dict]:
    return {f: {"size": (folder / f).stat().st_size} for f in spec.required_files}


# ---------------------------------------------------------------- checks

def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _checkpoint_problem(path: Path) -> str | None:
    """Cheap: a torch.save zip has its central directory at the very end, so a cut-off file has none."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(_PICKLE_MAGIC):
        return None  # legacy format: only a deep check (torch.load) can tell
    if head != b"PK\x03\x04":
        return f"{path.name} is not a torch checkpoint"
    try:
        with zipfile.ZipFile(path) as zf:
            if not zf.namelist():
                return f"{path.name} is truncated or not a torch checkpoint (empty archive)"
    except (zipfile.BadZipFile, OSError):
        return f"{path.name} is truncated or not a torch checkpoint"
    return None


def _deep_checkpoint_problem(path: Path, crc: bool) -> str | None:
    if crc and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()  # reads every byte; used when no checksum is known
        if bad is not None:
            return f"{path.name} is damaged (entry {bad} fails its CRC)"
    from models.runtime.torch_probe import torch_available

    if not torch_available():  # the CPU bundle cannot open checkpoints: the CRC above is all it checks
        return None
    import torch  # deep checks only: importing torch takes seconds

    try:
        try:
            torch.load(path, map_location="cpu", mmap=True, weights_only=True)
        except RuntimeError as exc:
            if "mmap" not in str(exc):
                raise
            torch.load(path, map_location="cpu", weights_only=True)  # legacy format cannot be mmapped
    except Exception as exc:  # noqa: BLE001 - any failure to load means the file is unusable
        return f"{path.name} is truncated or not a torch checkpoint ({type(exc).__name__}: {str(exc)[:120]})"
    return None


def _parse_problem(path: Path) -> str | None:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
        if name.endswith((".yaml", ".yml")):
            import yaml

            ok = isinstance(yaml.safe_load(text), dict)
        else:
            ok = isinstance(json.loads(text), (dict, list))
    except Exception as exc:  # noqa: BLE001 - yaml/json/unicode errors all mean "does not parse"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"{name} does not parse ({first[:100]})"
    return None if ok else f"{name} does not parse (unexpected content)"


def _file_problems(spec: ModelSpec, folder: Path, name: str, manifest: dict, deep: bool) -> Iterable[Problem]:
    path = folder / name
    if not path.is_file():
        partial = path.with_name(name + ".incomplete")
        if partial.is_file():
            got = partial.stat().st_size / 1e6
            yield Problem(name, "partial", f"{name} is only partly downloaded ({got:.1f} MB so far)")
        else:
            yield Problem(name, "missing", f"{name} is missing")
        return
    size = path.stat().st_size
    expected = manifest.get(name, {})
    if size == 0:
        yield Problem(name, "broken", f"{name} is empty")
        return
    if expected.get("size") not in (None, size):
        how = "truncated" if size < expected["size"] else "the wrong size"
        yield Problem(name, "broken", f"{name} is {how} ({size} bytes, expected {expected['size']})")
        return
    known = spec.checksums.get(name)
    if known and expected.get("sha256") not in (None, known):
        # ModelScope said (and modelscope verified) it served other bytes than the ones we pinned.
        yield Problem(name, "broken", f"checksum of {name} does not match")
        return
    msg = None
    if name == "model.pt":
        msg = _checkpoint_problem(path)
    elif name.endswith((".yaml", ".yml")) or name == "configuration.json":
        msg = _parse_problem(path)
    elif deep and name.endswith(".json"):
        msg = _parse_problem(path)  # tokens.json: megabytes, so deep only
    if msg is None and deep:
        want = known or expected.get("sha256")
        if want and sha256_of(path) != want:
            msg = f"checksum of {name} does not match"
        elif name == "model.pt":
            msg = _deep_checkpoint_problem(path, crc=not want)
        elif spec.role == "spk" and name.endswith(".onnx"):  # sherpa-onnx's CAM++: loads, takes "x", gives "embedding"
            from models.speakers.onnx_embed import graph_problem

            msg = graph_problem(path)
    if msg:
        yield Problem(name, "broken", msg)


def check_folder(spec: ModelSpec, folder: Path, deep: bool = False) -> list[Problem]:
    """Problems of `folder` as a copy of `spec`, each naming its file; [] means usable."""
    manifest = read_manifest(folder)
    problems: list[Problem] = []
    for name in spec.required_files:
        problems.extend(_file_problems(spec, folder, name, manifest, deep))
    return problems


def pinned_checksum_problems(spec: ModelSpec, folder: Path) -> list[Problem]:
    """Pinned checksums only (cheap: they exist for small files); catches importing the wrong model."""
    out = []
    for name, want in spec.checksums.items():
        path = folder / name
        if path.is_file() and sha256_of(path) != want:
            out.append(Problem(name, "broken", f"checksum of {name} does not match"))
    return out
