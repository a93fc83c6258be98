#!/usr/bin/env python3
"""The fixture CAM++ (tests/fixtures/make_models.py: funasr's CAMPPlus, random weights) exported the way
k2-fsa/sherpa-onnx exports the published one (scripts/3dspeaker/export-onnx.py): legacy exporter, opset 13, input "x" (N, T, 80), output
"embedding", a batch-1 dummy of 100 frames, its dynamic axes (including the "embeddings" key that names no output),
and its metadata. Written where the store keeps "spk-onnx" under a ModelScope cache root.

    python tests/cpu/spk_twin.py --src <CAM++ folder> --root <cache root>

Kept out of tests/fixtures on purpose: that folder's content keys the cache of every fixture model (tests/conftest.py).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

META = {
    "framework": "3d-speaker",
    "language": "Chinese",
    "url": "https://www.modelscope.cn/models/damo/speech_campplus_sv_zh-cn_16k-common/summary",
    "comment": "This model is from damo/speech_campplus_sv_zh-cn_16k-common (tingxie test twin: RANDOM weights)",
    "sample_rate": 16000,
    "normalize_samples": 1,
    "feature_normalize_type": "global-mean",
}


def export_twin(src: Path, root: Path) -> Path:
    import onnx
    import torch

    from models.core import registry
    from models.speakers.embed import load_model
    from models.store.layout import snapshot_dir

    spec = registry.MODELS["spk-onnx"]
    model, conf, _ = load_model(src)
    path = snapshot_dir(spec, root) / spec.required_files[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    with torch.no_grad():
        torch.onnx.export(model, torch.rand(1, 100, 80), str(path), dynamo=False, opset_version=13,
                          input_names=["x"], output_names=["embedding"],
                          dynamic_axes={"x": {0: "N", 1: "T"}, "embeddings": {0: "N"}})
    graph = onnx.load(str(path))
    meta = {**META, "output_dim": int(conf.get("model_conf", {}).get("embedding_size", 192))}
    for key, value in meta.items():
        entry = graph.metadata_props.add()
        entry.key, entry.value = key, str(value)
    onnx.save(graph, str(path))
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--src", type=Path, required=True)
    ap.add_argument("--root", type=Path, required=True)
    args = ap.parse_args()
    print(export_twin(args.src, args.root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
