"""Import only the parts of funasr Tingxie uses.

`import funasr` walks and imports every funasr submodule (its __init__ calls import_submodules): ~15 s on two
cores and ~800 MB of RSS (sklearn, librosa, transformers, ...). We register a bare package object instead, so
`import funasr.models.x` runs only x and what x imports. Classes we do not know are found by falling back to the
full walk, so a model with another architecture still loads (slowly).
"""
from __future__ import annotations

import contextlib
import importlib
import io
import importlib.util
import os
import sys
import types
from pathlib import Path
from typing import Any

# registry table -> class name -> module that registers it
KNOWN: dict[str, dict[str, str]] = {
    "model_classes": {
        "BiCifParaformer": "funasr.models.bicif_paraformer.model",
        "Paraformer": "funasr.models.paraformer.model",
        "SeacoParaformer": "funasr.models.seaco_paraformer.model",  # optional hotword model (models/asr/seaco.py)
        "CTTransformer": "funasr.models.ct_transformer.model",
        "FsmnVADStreaming": "funasr.models.fsmn_vad_streaming.model",
    },
    "frontend_classes": {
        "WavFrontend": "funasr.frontends.wav_frontend",
        "WavFrontendOnline": "funasr.frontends.wav_frontend",
    },
    "tokenizer_classes": {"CharTokenizer": "funasr.tokenizer.char_tokenizer"},
}
# submodules whose import registers encoders/decoders/predictors the models above build by name
_PARTS = (
    "funasr.models.sanm.encoder",
    "funasr.models.paraformer.decoder",
    "funasr.models.paraformer.cif_predictor",
    "funasr.models.bicif_paraformer.cif_predictor",
    "funasr.models.fsmn_vad_streaming.encoder",
    "funasr.models.ct_transformer.model",
    "funasr.models.specaug.specaug",
    "funasr.models.normalize.global_mvn",
    "funasr.models.normalize.utterance_mvn",
)
_PART_KINDS = ("encoder", "decoder", "predictor", "specaug", "normalize")
_full_walk_done = False


def install() -> None:
    """Make `funasr` a light package (idempotent; no effect if the real one is already imported)."""
    if "funasr" in sys.modules:
        return
    spec = importlib.util.find_spec("funasr")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("funasr is not installed")
    pkg = types.ModuleType("funasr")
    pkg.__path__ = list(spec.submodule_search_locations)
    pkg.__file__ = spec.origin
    pkg.__package__ = "funasr"
    pkg.__spec__ = spec  # importlib.util.find_spec("funasr") and friends keep working
    pkg.__loader__ = spec.loader
    version = Path(spec.origin or "").with_name("version.txt")
    pkg.__version__ = version.read_text().strip() if version.exists() else "unknown"  # type: ignore[attr-defined]
    sys.modules["funasr"] = pkg
    os.environ.setdefault("HYDRA_FULL_ERROR", "1")  # what funasr's __init__ sets


def lookup(table: str, name: str) -> Any | None:
    """The registered class `name` in funasr's `table` (e.g. model_classes), importing as little as possible."""
    global _full_walk_done
    install()
    from funasr.register import tables

    module = KNOWN.get(table, {}).get(name)
    if module:
        _quiet_import(module, *_PARTS)
    cls = getattr(tables, table).get(name)
    if cls is None and not _full_walk_done:
        _full_walk_done = True
        walk = _load_real_init()
        walk("funasr")
        cls = getattr(tables, table).get(name)
    return cls


def _quiet_import(*modules: str) -> None:
    # funasr.utils.load_utils prints an ffmpeg "Notice" on import; we decode audio ourselves (PyAV).
    with contextlib.redirect_stdout(io.StringIO()):
        for m in modules:
            importlib.import_module(m)


def ensure_parts(conf: dict[str, Any]) -> None:
    """Make sure every sub-module class a config names (encoder, decoder, ...) is registered."""
    global _full_walk_done
    install()
    from funasr.register import tables

    for kind in _PART_KINDS:
        name = conf.get(kind)
        if isinstance(name, str) and getattr(tables, f"{kind}_classes").get(name) is None and not _full_walk_done:
            _full_walk_done = True
            _load_real_init()("funasr")


def _load_real_init() -> Any:
    """funasr's own import_submodules, taken from its __init__ without running the module-level walk."""
    spec = importlib.util.find_spec("funasr")
    assert spec is not None and spec.origin
    src = Path(spec.origin).read_text()
    src = src.replace("\nimport_submodules(__name__)", "\n")
    ns: dict[str, Any] = {"__name__": "funasr_init_copy", "__file__": spec.origin}
    exec(compile(src, spec.origin, "exec"), ns)
    return ns["import_submodules"]
