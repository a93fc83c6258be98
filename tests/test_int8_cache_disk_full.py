"""Fix 2 (issue 13): torch.save reports a full disk as RuntimeError; the INT8 cache must fail softly, leave no
.tmp file behind, and never blame the model the user downloaded."""
from __future__ import annotations

from pathlib import Path

import torch

from models.runtime import quantize


def test_full_disk_while_caching_int8_weights(tmp_path: Path, monkeypatch, caplog) -> None:
    def full_disk(obj, f, *a, **k):
        Path(f).write_bytes(b"PK\x03\x04partial")  # what a full disk leaves: a truncated zip
        raise RuntimeError("[enforce fail at inline_container.cc:664] . unexpected pos 1024 vs 0: "
                           "PytorchStreamWriter failed writing file data/0: file write failed")

    monkeypatch.setattr(torch, "save", full_disk)
    cache = quantize.Int8Cache(tmp_path / "int8")
    cache.save(tmp_path / "int8" / "asr-x.pt", torch.nn.Linear(2, 2))
    assert not (tmp_path / "int8" / "asr-x.pt").exists()
    assert list((tmp_path / "int8").glob("*.tmp")) == []
    assert "could not write INT8 cache" in caplog.text
