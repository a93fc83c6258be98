"""What a published ONNX model folder holds, read the way funasr-onnx reads it, for either layout seen in the wild.

ModelScope's current iic/*-onnx repositories (funasr 1.x exports): config.yaml with `model_conf`, am.mvn,
tokens.json. Older exports and mirrors: the token list inside config.yaml (`token_list`), or tokens.txt (one per
line); punc_list at the top of config.yaml; the VAD's options under `vad_post_conf`. All are accepted.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml


def read_config(folder: Path) -> dict[str, Any]:
    path = folder / "config.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"config.yaml is missing in {folder}")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def token_list(folder: Path, conf: dict[str, Any]) -> list[str]:
    if (folder / "tokens.json").is_file():
        return list(json.loads((folder / "tokens.json").read_text(encoding="utf-8")))
    if conf.get("token_list"):
        return [str(t) for t in conf["token_list"]]
    if (folder / "tokens.txt").is_file():
        return [line.rstrip("\n") for line in (folder / "tokens.txt").read_text(encoding="utf-8").splitlines()]
    raise FileNotFoundError(f"no token list (tokens.json, tokens.txt or config.yaml token_list) in {folder}")


def model_conf(conf: dict[str, Any], *older_keys: str) -> dict[str, Any]:
    """model_conf, or the older section name(s) funasr-onnx also read, merged over top-level keys like punc_list."""
    out = {k: v for k, v in conf.items() if k in ("punc_list", "sentence_end_id")}
    for key in (*older_keys, "model_conf"):
        out.update(conf.get(key) or {})
    return out
