"""SeACo-Paraformer: the glossary's words reach the bias decoder and change its output (tiny random model)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.asr.seaco import SEACO_SPEC, hotword_argument, seaco_hotwords
from models.text.glossary import parse


def test_hotwords_from_a_glossary() -> None:
    g = parse("Tingxie: 听写, 厅谢\n达摩院\nC++\n达摩院: 打魔院\nGPU: 显卡\n", "g.txt")
    assert seaco_hotwords(g) == ["听写", "达摩院", "显卡"]
    assert hotword_argument(["听写", "达摩院"]) == "听写 达摩院"
    assert hotword_argument([]) is None and hotword_argument(["a b", "x.txt"]) is None


@pytest.fixture(scope="module")
def seaco(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from models.runtime import funasr_lite

    # Whichever test ran first may have made `funasr` the light package (models/runtime/funasr_lite.py), whose
    # namespace has no AutoModel and whose registry holds only what was imported: register what this folder uses.
    for table, name in (("model_classes", "SeacoParaformer"), ("frontend_classes", "WavFrontend"),
                        ("tokenizer_classes", "CharTokenizer")):
        assert funasr_lite.lookup(table, name) is not None, name
    from funasr.auto.auto_model import AutoModel

    from tests.fixtures.make_seaco import make_seaco

    vad = Path(os.environ.get("TINGXIE_FSMN_VAD_DIR", Path(__file__).resolve().parents[2] / "build" / "fsmn-vad"))
    folder = make_seaco(tmp_path_factory.mktemp("seaco"), vad)
    missing = [f for f in SEACO_SPEC.required_files if not (folder / f).is_file()]
    assert not missing, f"the fixture lacks files the spec requires: {missing}"
    return AutoModel(model=str(folder), disable_update=True, device="cpu", ncpu=1)


def test_hotword_list_reaches_the_bias_decoder(seaco, speech_clips: dict[str, dict]) -> None:  # type: ignore[no-untyped-def]
    import soundfile as sf
    import torch

    wav, sr = sf.read(speech_clips["funasr_asr_example_16k.wav"]["path"], dtype="float32")
    assert sr == 16000
    model = seaco.model
    seen: list[list[list[int]]] = []
    outputs: list[torch.Tensor] = []
    rep, dec = model._hotword_representation, model._seaco_decode_with_ASF

    def spy_rep(pad, lengths):  # type: ignore[no-untyped-def]
        seen.append([row[:n] for row, n in zip(pad.tolist(), lengths.tolist())])
        return rep(pad, lengths)

    def spy_dec(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = dec(*args, **kwargs)
        outputs.append(out.detach().clone())
        return out

    model._hotword_representation, model._seaco_decode_with_ASF = spy_rep, spy_dec
    try:
        def run(words: list[str]) -> list:  # type: ignore[type-arg]
            arg = hotword_argument(words)
            return seaco.generate(input=wav, **({"hotword": arg} if arg else {}))

        plain = run([])
        a1 = run(["达摩院", "听写"])
        a2 = run(["达摩院", "听写"])
        b = run(["语音识别"])
    finally:
        model._hotword_representation, model._seaco_decode_with_ASF = rep, dec

    ids = seaco.kwargs["tokenizer"].tokens2ids
    # No hotwords: the bias encoder never runs. With hotwords: each word's characters, then <s> (funasr's no-bias row).
    assert len(seen) == 3
    assert seen[0] == [ids(list("达摩院")), ids(list("听写")), [model.sos]] == seen[1]
    assert seen[2] == [ids(list("语音识别")), [model.sos]]
    unk = ids(["<unk>"])[0]
    assert all(unk not in row for rows in seen for row in rows)
    # The decoder output depends on the hotwords, and only on them.
    assert len(outputs) == 4
    assert torch.equal(outputs[1], outputs[2])
    assert not torch.allclose(outputs[1], outputs[3])
    assert not torch.allclose(outputs[0], outputs[1])
    assert a1[0]["text"] == a2[0]["text"]
    for res in (plain, a1, b):  # timestamps stay available (BiCif predictor): one per character
        assert len(res[0]["timestamp"]) == len(res[0]["text"].replace(" ", ""))
