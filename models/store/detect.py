"""Which registry model a folder holds, in either layout: a PyTorch folder (model.pt) or a published ONNX
export (model.onnx / model_quant.onnx, no model.pt) of the same model. Used by `main.py models import` and by the
model manager's Import folder…, which also accepts a folder of model folders (a copied ModelScope cache).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

_CLASS_ROLE = {"BiCifParaformer": "asr", "FsmnVADStreaming": "vad", "CTTransformer": "punc",
               "ParaformerStreaming": "live"}
_CLASS_KEY = {"SeacoParaformer": "asr-seaco", "CAMPPlus": "spk"}  # a model class that is one registry model, whatever its role


def _specs(specs: Iterable[Any] | None) -> list[Any]:
    if specs is None:
        from models.core import registry

        return list(registry.MODELS.values())
    return list(specs)


def _is_export(folder: Path) -> bool:
    graphs = (folder / "model_quant.onnx").is_file() or (folder / "model.onnx").is_file()
    return graphs and not (folder / "model.pt").is_file()


def _of_layout(folder: Path, spec: Any, specs: list[Any]) -> Any:
    """An export of a PyTorch model's hub id (or class) is the same role's ONNX spec, when there is one."""
    if getattr(spec, "runtime", "torch") != "torch" or not _is_export(folder):
        return spec
    return next((s for s in specs if s.role == spec.role and getattr(s, "runtime", "torch") == "onnx"), spec)


def detect_model_key(folder: Path, specs: Iterable[Any] | None = None) -> str | None:
    """The key of the model `folder` holds: its single file (a spec with a url), its configuration.json hub id,
    else the model class in config.yaml."""
    known = _specs(specs)
    folder = Path(folder)
    for spec in known:  # a single-file download (sherpa-onnx's CAM++): the file itself names the model
        if getattr(spec, "url", "") and all((folder / f).is_file() for f in spec.required_files):
            return str(spec.key)
    try:
        meta = json.loads((folder / "configuration.json").read_text(encoding="utf-8"))
        hub_id = (meta.get("model_name_in_hub") or {}).get("ms", "")
        for spec in known:
            if hub_id and hub_id == spec.model_id:
                return str(_of_layout(folder, spec, known).key)
    except (OSError, ValueError, AttributeError):
        pass
    try:
        head = (folder / "config.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in head.splitlines():
        if line.startswith("model:"):
            cls = line.split(":", 1)[1].strip()
            if cls in _CLASS_KEY and any(s.key == _CLASS_KEY[cls] for s in known):
                return _CLASS_KEY[cls]
            role = _CLASS_ROLE.get(cls)
            spec = next((s for s in known if s.role == role and getattr(s, "runtime", "torch") == "torch"), None)
            if spec is None:
                spec = next((s for s in known if s.role == role), None)
            return str(_of_layout(folder, spec, known).key) if spec is not None else None
    return None


def find_models(path: Path, specs: Iterable[Any] | None = None) -> list[tuple[str, Path]]:
    """(key, folder) for `path` itself when it is a model folder, else for every model folder below it."""
    known = _specs(specs)
    path = Path(path)
    if (key := detect_model_key(path, known)) is not None:
        return [(key, path)]
    found: list[tuple[str, Path]] = []
    for sub in sorted(p for p in path.rglob("*") if p.is_dir()):
        if (key := detect_model_key(sub, known)) is not None:
            found.append((key, sub))
    return found
