"""Every load-time rewrite of the Paraformer graph together (CIF guard, timestamp fires in numpy, signed INT8
weights where exact): the same four outputs as the published graph, bit for bit, on real speech."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import soundfile as sf

from models.runtime import ort_session, peaks, rewrites
from models.runtime.onnx_asr import OnnxParaformer
from tests.cpu.cpuhelp import ASR_ID, onnx_dir


@pytest.mark.parametrize("name", ["model.onnx", "model_quant.onnx"])
def test_rewritten_graph_gives_the_published_outputs(tiny_onnx: Path, speech_clips: dict, name: str) -> None:
    from models.asr.ort_recognizer import OrtRecognizer

    folder = onnx_dir(tiny_onnx, ASR_ID)
    rec = OrtRecognizer(folder, None, quantized=False)
    # the app's session options (one thread): another thread count splits FP32 sums differently
    plain = ort.InferenceSession(str(folder / name), ort_session.options(1), providers=["CPUExecutionProvider"])
    mine = OnnxParaformer(folder / name)
    assert [o.name for o in mine.session.get_outputs()] == ["logits", "token_num", "us_alphas"]  # no Loop left
    checked = 0
    for clip in speech_clips.values():
        x, sr = sf.read(str(clip["path"]), dtype="float32")
        if sr != 16000:
            continue
        for a, b in clip["vad"]:
            f = rec.frontend(x[a * 16: b * 16])
            logits, count, alphas, fires = plain.run(None, {"speech": f[None],
                                                            "speech_lengths": np.array([f.shape[0]], np.int32)})
            got = mine.run(f)
            assert np.array_equal(got[0], logits[0]) and got[1] == int(count[0])
            assert np.array_equal(got[2], alphas[0]) and np.array_equal(got[3], fires[0])
            checked += 1
    assert checked >= 3


def test_the_timestamp_loop_is_gone_from_the_graph(tiny_onnx: Path) -> None:
    data = (onnx_dir(tiny_onnx, ASR_ID) / "model_quant.onnx").read_bytes()
    loops = lambda m: sum(n.op_type == "Loop" for n in m.graph.node)  # noqa: E731
    before = onnx.load_from_string(data)
    after = onnx.load_from_string(rewrites.for_paraformer().apply(data))
    assert loops(after) == loops(before) - 1 and peaks.PEAKS not in {o.name for o in after.graph.output}
