"""SeACo-Paraformer wired in (issue 16): our recogniser over our loader, the engine's choice, the job's settings key.

Random weights (tests/fixtures/make_seaco.py): assert that the bias path changes the decoder's output and which
model decoded, never words.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

from models.asr import seaco_recognizer
from models.asr.engine import Engine
from models.asr.seaco import SEACO_MODEL, SEACO_SPEC, hotwords_active
from models.asr.seaco_recognizer import SeacoRecognizer, load_seaco
from models.core import registry
from models.jobs.identity import engine_settings, settings_key
from models.jobs.runner import JobRunner
from models.jobs.store import JobStore
from models.options import EngineConfig
from models.runtime.quantize import count_quantized
from models.store.manager import ModelStore
from models.text.glossary import parse
from models.text.pipeline import TextOptions, TextSteps

CLIP = "funasr_asr_example_16k.wav"
MAIN_MODEL = "paraformer-large-vad-punc"


@pytest.fixture(scope="module")
def seaco_root(tiny_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny models plus a tiny SeACo-Paraformer, in one ModelScope cache root."""
    from tests.fixtures.make_seaco import make_seaco

    root = tmp_path_factory.mktemp("with-seaco")
    shutil.copytree(tiny_models / "models", root / "models")
    vad = Path(os.environ.get("TINGXIE_FSMN_VAD_DIR", Path(__file__).resolve().parents[2] / "build" / "fsmn-vad"))
    make_seaco(root, vad)
    return root


@pytest.fixture(scope="module")
def seaco_engine(seaco_root: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    eng = Engine(EngineConfig(device="cpu", precision="fp32", parallel=False), store=ModelStore(seaco_root),
                 int8_cache_dir=tmp_path_factory.mktemp("int8"))
    eng.load()
    yield eng
    eng.close()


def _steps(text: str, tmp_path: Path, itn: bool = False) -> TextSteps:
    return TextSteps(TextOptions(glossary=parse(text, "g.txt"), itn=itn))


def _clip(speech_clips: dict) -> np.ndarray:
    wav, sr = sf.read(speech_clips[CLIP]["path"], dtype="float32")
    assert sr == 16000
    return wav


def test_registry_offers_seaco_as_an_optional_model() -> None:
    assert registry.get("asr-seaco") is SEACO_SPEC
    assert "asr-seaco" not in registry.DEFAULT_KEYS
    assert "seg_dict" in SEACO_SPEC.required_files


def test_models_import_finds_and_installs_seaco(seaco_root: Path, tmp_path: Path) -> None:
    from models.store.detect import detect_model_key

    src = ModelStore(seaco_root).resolve(SEACO_SPEC)
    assert detect_model_key(src) == "asr-seaco"
    meta = src / "configuration.json"  # a copy without the hub id: the model class in config.yaml says it
    copy = tmp_path / "copy"
    shutil.copytree(src, copy)
    (copy / "configuration.json").write_text(meta.read_text(encoding="utf-8").replace(SEACO_SPEC.model_id, "x"),
                                             encoding="utf-8")
    assert detect_model_key(copy) == "asr-seaco"
    store = ModelStore(tmp_path / "cache")
    assert not hotwords_active(store, parse("达摩院\n", "g.txt"))
    store.import_folder(SEACO_SPEC, copy)
    assert store.status(SEACO_SPEC).ready and hotwords_active(store, parse("达摩院\n", "g.txt"))
    (copy / "seg_dict").unlink()  # without seg_dict every hotword would be <unk>: not a usable folder
    with pytest.raises(Exception, match="seg_dict"):
        ModelStore(tmp_path / "cache2").import_folder(SEACO_SPEC, copy)


def test_hotwords_change_the_decoder_output_and_keep_times(seaco_root: Path, speech_clips: dict,
                                                           tmp_path: Path) -> None:
    folder = ModelStore(seaco_root).resolve(SEACO_SPEC)
    wav = _clip(speech_clips)
    for precision in ("fp32", "int8"):
        lm, _state = load_seaco(folder, "cpu", precision, tmp_path)
        model = lm.model
        outputs: list[torch.Tensor] = []
        real = model._seaco_decode_with_ASF

        def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
            out = real(*args, **kwargs)
            outputs.append(out.detach().clone())
            return out

        model._seaco_decode_with_ASF = spy
        a = SeacoRecognizer(lm, None, "cpu", False, ["达摩院", "听写"])
        results = [a.recognize(wav, 2000), a.recognize(wav, 2000), a.with_hotwords(["语音识别"]).recognize(wav, 2000),
                   a.with_hotwords([]).recognize(wav, 2000)]
        assert len(outputs) == 4, precision
        assert torch.equal(outputs[0], outputs[1])  # same hotwords, same output
        assert not torch.allclose(outputs[0], outputs[2])  # other hotwords: the bias path changed the scores
        assert not torch.allclose(outputs[0], outputs[3])  # no hotwords: the plain decoder
        end = 2000 + len(wav) * 1000 // 16000
        for words, times in results:
            assert words and len(words) == len(times), precision
            starts = [s for s, _e in times]
            assert starts == sorted(starts) and all(s <= e for s, e in times)
            assert 2000 <= times[0][0] and times[-1][1] <= end
        if precision == "int8":
            from torch.ao.nn.quantized.dynamic import LSTM as QLSTM, Linear as QLinear

            assert count_quantized(model) > 0
            assert isinstance(model.seaco_decoder.decoders[0].feed_forward.w_1, QLinear)
            assert isinstance(model.hotword_output_layer, QLinear) and isinstance(model.bias_encoder, QLSTM)
            assert load_seaco(folder, "cpu", "int8", tmp_path)[1] == "hit"  # its own INT8 cache entry
            assert any(p.name.startswith("asr-seaco-") for p in tmp_path.iterdir())


def test_same_text_and_times_as_funasrs_own_inference(seaco_root: Path, speech_clips: dict) -> None:
    """Our decode (our loader, the fast CIF path, hotwords tokenised once) = SeacoParaformer.inference's."""
    from models.asr.seaco import hotword_argument

    lm, _ = load_seaco(ModelStore(seaco_root).resolve(SEACO_SPEC), "cpu", "fp32", Path("/nonexistent"))
    wav = _clip(speech_clips)
    end = len(wav) * 1000 // 16000
    for words in (["达摩院", "听写"], ["语音识别"], []):
        ours, times = SeacoRecognizer(lm, None, "cpu", False, words).recognize(wav, 0)
        arg = hotword_argument(words)
        with torch.inference_mode():
            res, _meta = lm.model.inference([torch.from_numpy(wav)], key=["clip"], tokenizer=lm.tokenizer,
                                            frontend=lm.frontend, device="cpu", **({"hotword": arg} if arg else {}))
        assert "".join(ours) == res[0]["text"].replace(" ", "") and ours
        assert times == [(min(a, end), min(b, end)) for a, b in res[0]["timestamp"]]


def test_engine_uses_seaco_only_with_hotwords_and_the_model(seaco_engine: Engine, tiny_engine: Engine,
                                                            seaco_root: Path, tiny_models: Path,
                                                            speech_clips: dict, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = speech_clips[CLIP]["path"]
    loads: list[str] = []
    real = seaco_recognizer.load_seaco
    monkeypatch.setattr(seaco_recognizer, "load_seaco", lambda *a: (loads.append(a[2]), real(*a))[1])
    with_terms = _steps("达摩院\nTingxie: 听写\n", tmp_path)
    rules_only = _steps("re: ^(.) => 甲\\1\n", tmp_path)
    assert seaco_engine.transcribe(path).model == MAIN_MODEL
    assert seaco_engine.transcribe(path, text=rules_only).model == MAIN_MODEL  # a glossary without hotwords
    assert not loads
    t1 = seaco_engine.transcribe(path, text=with_terms)
    t2 = seaco_engine.transcribe(path, text=with_terms)
    assert t1.model == t2.model == SEACO_MODEL and t1.segments == t2.segments
    assert loads == ["fp32"]  # loaded on first use, then kept
    assert tiny_engine.transcribe(path, text=with_terms).model == MAIN_MODEL  # not installed: the main model
    # Per-character times: in order, each inside the VAD segment it was decoded from.
    vad = seaco_engine.detect_speech(path)
    assert t1.segments
    for seg in t1.segments:
        a, b = vad[seg.vad_index]
        assert len(seg.token_ms) == len(seg.tokens)
        starts = [s for s, _e in seg.token_ms]
        assert starts == sorted(starts) and all(s <= e for s, e in seg.token_ms)
        assert a <= seg.start_ms <= seg.token_ms[0][0] and seg.token_ms[-1][1] <= seg.end_ms <= b
    # The GUI's hint and the job's settings key follow the same rule.
    assert hotwords_active(ModelStore(seaco_root), with_terms.glossary)
    assert not hotwords_active(ModelStore(seaco_root), rules_only.glossary)
    assert not hotwords_active(ModelStore(tiny_models), with_terms.glossary)
    s_seaco = engine_settings(seaco_engine, with_terms)
    assert "asr-seaco" in s_seaco["models"] and "asr-seaco" not in engine_settings(seaco_engine, rules_only)["models"]
    assert "asr-seaco" not in engine_settings(tiny_engine, with_terms)["models"]
    assert settings_key(s_seaco) != settings_key(engine_settings(tiny_engine, with_terms))


def test_seaco_that_cannot_load_falls_back_with_a_notice(seaco_root: Path, speech_clips: dict, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "broken"
    shutil.copytree(seaco_root / "models", root / "models")
    folder = ModelStore(root).resolve(SEACO_SPEC)
    (folder / "config.yaml").write_text((folder / "config.yaml").read_text().replace(
        "seaco_decoder: ParaformerSANMDecoder", "seaco_decoder: NoSuchDecoder"), encoding="utf-8")
    eng = Engine(EngineConfig(device="cpu", precision="fp32", parallel=False), store=ModelStore(root),
                 int8_cache_dir=tmp_path / "int8")
    eng.load()
    calls: list[int] = []
    real = seaco_recognizer.load_seaco
    monkeypatch.setattr(seaco_recognizer, "load_seaco", lambda *a: (calls.append(1), real(*a))[1])
    path = speech_clips[CLIP]["path"]
    opts = TextOptions(glossary=parse("达摩院\n", "g.txt"), itn=False)
    store = JobStore(tmp_path / "h.sqlite3")
    notices: list[str] = []
    try:
        t = JobRunner(store).run(eng, path, text=opts, on_notice=notices.append)
        plain = eng.transcribe(path)
        assert t.model == MAIN_MODEL and [s.text for s in t.segments] == [s.text for s in plain.segments]
        assert any("SeACo" in n and "asr-seaco" in n for n in notices), notices
        notices.clear()
        JobRunner(store).run(eng, path, text=opts, on_notice=notices.append, restart=True)
        assert calls == [1]  # the failure is remembered for these weights: no second attempt per file
        assert any("SeACo" in n for n in notices), notices  # but every file says so
    finally:
        store.close()
        eng.close()


@pytest.mark.parametrize("precision", ["fp16", "int8"])
def test_cuda_recipes_run_on_a_cpu_stand_in(seaco_root: Path, tiny_models: Path, speech_clips: dict,
                                            precision: str) -> None:
    """quantize.to_cuda / seaco_recognizer.to_cuda with device="cpu": the same dtype plumbing as on CUDA (FP16
    weights, FP32 CIF; torchao INT8). FP16 once crashed in the SANM decoder (FP32 masks promote its activations)."""
    from models.runtime import loader
    from models.asr.recognizer import Recognizer
    from models.runtime import quantize

    wav = _clip(speech_clips)
    half = precision == "fp16"
    main = ModelStore(tiny_models).resolve(registry.get("asr"))
    seaco = ModelStore(seaco_root).resolve(SEACO_SPEC)
    pairs = [(Recognizer(loader.load(main), None, "cpu", False),
              Recognizer(quantize.to_cuda(loader.load(main), precision, "cpu"), None, "cpu", half)),
             (SeacoRecognizer(loader.load(seaco), None, "cpu", False, ["达摩院"]),
              SeacoRecognizer(seaco_recognizer.to_cuda(loader.load(seaco), precision, "cpu"), None, "cpu", half,
                              ["达摩院"]))]
    for ref_rec, rec in pairs:
        ref, got = ref_rec.recognize(wav, 0), rec.recognize(wav, 0)
        assert len(got[0]) == len(ref[0]) > 0, type(rec).__name__  # the CIF (token count) stays FP32
        same = sum(a == b for a, b in zip(ref[0], got[0]))
        # FP16 keeps random-weight argmaxes; INT8's error flips some of them (17 of 22 words kept, measured)
        assert same >= (0.8 if half else 0.5) * len(ref[0]), (type(rec).__name__, same, len(ref[0]))
    w = rec.asr.model.seaco_decoder.decoders[0].feed_forward.w_1.weight
    assert rec.asr.model.predictor.cif_output.weight.dtype == torch.float32
    assert w.dtype == torch.float16 if half else type(w).__name__ not in ("Parameter", "Tensor")  # torchao's
