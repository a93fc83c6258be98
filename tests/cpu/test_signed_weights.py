"""INT8 weights moved to signed bytes give the same outputs, bit for bit, where the CPU has VNNI; elsewhere the
graphs stay as published."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import soundfile as sf
from onnx import TensorProto, helper, numpy_helper

from models.runtime import rewrites, signed_weights
from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, onnx_dir

VNNI = signed_weights.cpu_multiplies_exactly()


def _run(data: bytes, feeds: dict) -> list[np.ndarray]:
    return ort.InferenceSession(data, providers=["CPUExecutionProvider"]).run(None, feeds)


def _matmul_graph(with_zero_point: bool, extra_reader: bool = False) -> onnx.ModelProto:
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.integers(0, 256, (16, 8)).astype(np.uint8), "w")
    inits = [w]
    inputs = ["q", "w", "zq"]
    if with_zero_point:
        inits.append(numpy_helper.from_array(rng.integers(0, 256, (8,)).astype(np.uint8), "zw"))
        inputs.append("zw")
    nodes = [helper.make_node("DynamicQuantizeLinear", ["x"], ["q", "s", "zq"]),
             helper.make_node("MatMulInteger", inputs, ["m"]),
             helper.make_node("Cast", ["m"], ["y"], to=TensorProto.FLOAT)]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 8])]
    if extra_reader:  # the weight is read as data by another node as well
        nodes.append(helper.make_node("Cast", ["w"], ["w_f"], to=TensorProto.FLOAT))
        outputs.append(helper.make_tensor_value_info("w_f", TensorProto.FLOAT, [16, 8]))
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 16])],
                          outputs, inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])


@pytest.mark.parametrize("with_zero_point", [True, False])
def test_integer_products_unchanged(with_zero_point: bool) -> None:
    model = _matmul_graph(with_zero_point)
    before = model.SerializeToString()
    assert signed_weights.to_signed(model) == 1
    assert {t.name: t.data_type for t in model.graph.initializer}["w"] == TensorProto.INT8
    x = {"x": np.random.default_rng(1).standard_normal((5, 16)).astype(np.float32)}
    if VNNI:  # on other CPUs the kernel may saturate; the app leaves graphs unsigned there (next test)
        assert np.array_equal(_run(before, x)[0], _run(model.SerializeToString(), x)[0])


def test_only_on_cpus_that_multiply_exactly() -> None:
    assert ("signed-weights" in rewrites.for_paraformer().version) == VNNI
    assert (rewrites.for_quantized() is not None) == VNNI


def test_a_weight_read_by_another_node_is_left_alone() -> None:
    model = _matmul_graph(True, extra_reader=True)
    assert signed_weights.to_signed(model) == 0


@pytest.mark.skipif(not VNNI, reason="exactness of signed INT8 products needs VNNI; without it the app keeps "
                                     "the published graph (test_only_on_cpus_that_multiply_exactly)")
def test_published_int8_graphs_give_identical_outputs(tiny_onnx: Path, speech_clips: dict) -> None:
    from models.asr.ort_recognizer import OrtRecognizer

    folder = onnx_dir(tiny_onnx, ASR_ID)
    rec = OrtRecognizer(folder, None, quantized=False)
    clip = next(c for c in speech_clips.values() if c["sample_rate"] == 16000)
    x, _ = sf.read(str(clip["path"]), dtype="float32")
    data = (folder / "model_quant.onnx").read_bytes()
    signed = signed_weights.signed_bytes(data)
    assert signed != data
    for a, b in clip["vad"]:
        f = rec.frontend(x[a * 16: b * 16])
        feeds = {"speech": f[None], "speech_lengths": np.array([f.shape[0]], np.int32)}
        for u, v in zip(_run(data, feeds), _run(signed, feeds), strict=True):
            assert np.array_equal(u, v)
    punc = (onnx_dir(tiny_onnx, PUNC_ID) / "model_quant.onnx").read_bytes()
    ids = {"inputs": np.arange(1, 40, dtype=np.int32)[None], "text_lengths": np.array([39], np.int32)}
    assert np.array_equal(_run(punc, ids)[0], _run(signed_weights.signed_bytes(punc), ids)[0])
