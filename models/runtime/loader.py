"""Build funasr models from a local model folder, without AutoModel.

Why not AutoModel: it resolves ids over the network (20 s of retries offline), copies the state dict (peak RSS
~3 GB for Paraformer-large) and hides per-segment progress. Here the module is built on the meta device and the
weights are memory-mapped straight in (torch.load(mmap=True) + load_state_dict(assign=True)): no random init,
no second copy. The same code loads a real ModelScope download and the random-weight test models.
"""
from __future__ import annotations

import contextlib
import copy
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import torch

from models.runtime import funasr_lite
from models.core.errors import ModelError

log = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    model: torch.nn.Module
    frontend: Any | None
    tokenizer: Any | None
    conf: dict[str, Any]
    folder: Path


def read_conf(folder: Path) -> dict[str, Any]:
    """config.yaml + configuration.json resolved the way funasr does it, for a local folder (no network)."""
    funasr_lite.install()
    from funasr.download.download_model_from_hub import download_from_ms

    if not (folder / "config.yaml").is_file():
        raise ModelError(f"config.yaml is missing in {folder}", bad_file="config.yaml")
    # A local path never reaches the hub in download_from_ms; it only reads the two config files.
    logging.getLogger().disabled, was = True, logging.getLogger().disabled  # silence its trust_remote_code warning
    try:
        conf = download_from_ms(model=str(folder), model_path=str(folder), disable_update=True)
    except Exception as exc:  # yaml / json errors
        raise ModelError(f"cannot read the configuration in {folder}: {exc}", bad_file="config.yaml") from exc
    finally:
        logging.getLogger().disabled = was
    return dict(conf)


def read_state_dict(path: Path) -> dict[str, torch.Tensor]:
    if not path.is_file():
        raise ModelError(f"{path.name} is missing in {path.parent}", bad_file=path.name)
    try:
        sd = torch.load(path, map_location="cpu", mmap=True, weights_only=True)
    except Exception as exc:
        raise ModelError(f"{path.name} in {path.parent} is damaged or incomplete ({exc}); repair the model",
                         bad_file=path.name) from exc
    for key in ("state_dict", "model_state_dict", "model"):  # checkpoint wrappers funasr also accepts
        if isinstance(sd, dict) and key in sd and isinstance(sd[key], dict):
            sd = sd[key]
    return {(k[7:] if k.startswith("module.") else k): v for k, v in sd.items()}


def _registered(kind: str, name: str) -> Any:
    cls = funasr_lite.lookup(kind, name)
    if cls is None:
        raise ModelError(f"funasr has no {kind[:-8]} named {name!r}; the model needs a newer funasr")
    return cls


def build_parts(conf: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    """Tokenizer, frontend (dither off: deterministic features) and the model's constructor kwargs."""
    funasr_lite.install()
    from funasr.utils.misc import deep_update

    conf = copy.deepcopy(conf)
    tokenizer = None
    if conf.get("tokenizer"):
        tokenizer = _registered("tokenizer_classes", conf["tokenizer"])(**conf.get("tokenizer_conf", {}))
        conf["vocab_size"] = len(tokenizer.token_list)
    frontend = None
    if conf.get("frontend"):
        fconf = dict(conf.get("frontend_conf", {}))
        fconf["dither"] = 0.0  # the default 1.0 adds RNG noise: same audio would give different text
        frontend = _registered("frontend_classes", conf["frontend"])(**fconf)
        conf["input_size"] = frontend.output_size() if hasattr(frontend, "output_size") else None
    model_conf: dict[str, Any] = {}
    deep_update(model_conf, conf.get("model_conf", {}))
    deep_update(model_conf, conf)
    return tokenizer, frontend, model_conf


def load(folder: Path, *, state_dict: dict[str, torch.Tensor] | None = None, meta: bool = True) -> LoadedModel:
    """Build the model in `folder` and load its weights (memory-mapped)."""
    conf = read_conf(folder)
    tokenizer, frontend, model_conf = build_parts(conf)
    cls = _registered("model_classes", conf["model"])
    funasr_lite.ensure_parts(conf)
    sd = state_dict if state_dict is not None else read_state_dict(folder / "model.pt")
    model = _instantiate(cls, model_conf, sd, meta)
    model.eval()
    return LoadedModel(model=model, frontend=frontend, tokenizer=tokenizer, conf=conf, folder=folder)


@contextlib.contextmanager
def _empty_weights() -> Iterator[None]:
    """Build a module whose parameters live on the meta device: no memory, no random init.

    Weights are assigned afterwards. Only parameters go to meta (after they are made, empty, on the CPU), the way
    accelerate's init_empty_weights does it; everything else in __init__ (positional tables made with arange...)
    runs on the CPU as usual. Not `with torch.device("meta")`: meta factory ops run through torch._refs, whose
    first use imports torch._dynamo and triton (1.8 s and 114 MiB of resident memory, measured).
    """
    with _PATCH_LOCK:  # the patches are process-wide: one build at a time
        yield from _patched_init()


_PATCH_LOCK = threading.Lock()


def _patched_init() -> Iterator[None]:
    names = [n for n in dir(torch.nn.init) if n.endswith("_") and not n.startswith("_")]
    saved = {n: getattr(torch.nn.init, n) for n in names}
    register = torch.nn.Module.register_parameter

    def register_on_meta(module: torch.nn.Module, name: str, param: Any) -> None:
        register(module, name, param)
        if param is not None and not param.is_meta:
            p = module._parameters[name]
            module._parameters[name] = type(p)(p.to("meta"), requires_grad=p.requires_grad)

    try:
        for n in names:  # the fills would touch every page of the empty CPU tensors
            setattr(torch.nn.init, n, _keep)
        torch.nn.Module.register_parameter = register_on_meta  # type: ignore[method-assign]
        yield
    finally:
        torch.nn.Module.register_parameter = register  # type: ignore[method-assign]
        for n, f in saved.items():
            setattr(torch.nn.init, n, f)


def _keep(tensor: Any, *_args: Any, **_kwargs: Any) -> Any:
    return tensor


def build_skeleton(conf: dict[str, Any], model_conf: dict[str, Any]) -> torch.nn.Module:
    """The model of `conf` with every tensor on the meta device (no memory, no init): weights come next."""
    cls = _registered("model_classes", conf["model"])
    funasr_lite.ensure_parts(conf)
    with _empty_weights():
        return cls(**model_conf)


def _instantiate(cls: Any, model_conf: dict[str, Any], sd: dict[str, torch.Tensor], meta: bool) -> torch.nn.Module:
    if meta:
        with _empty_weights():
            model = cls(**model_conf)
        try:
            assign_weights(model, sd)
            return model
        except _MetaLeft as exc:  # a tensor made in __init__ and not saved: build normally
            log.info("meta build left %s unset; building %s on CPU", exc, cls.__name__)
    model = cls(**model_conf)
    assign_weights(model, sd)
    return model


class _MetaLeft(Exception):
    pass


def assign_weights(model: torch.nn.Module, sd: dict[str, torch.Tensor]) -> None:
    result = model.load_state_dict(sd, strict=False, assign=True)
    if result.missing_keys:
        raise ModelError(
            f"model.pt does not match config.yaml: {len(result.missing_keys)} weights missing "
            f"(e.g. {result.missing_keys[0]}); the folder holds a different or damaged model",
            bad_file="model.pt",
        )
    if result.unexpected_keys:
        log.info("ignored %d unexpected weights (e.g. %s)", len(result.unexpected_keys), result.unexpected_keys[0])
    left = [n for n, t in list(model.named_parameters()) + list(model.named_buffers()) if t.is_meta]
    if left:
        raise _MetaLeft(left[0])
