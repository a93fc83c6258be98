"""SeACo-Paraformer hotwords from a glossary (issue 16, phase 2). No Qt; funasr is not imported here.

    words = seaco_hotwords(glossary)          # the spoken (hanzi) form of each term
    kwargs = {"hotword": hotword_argument(words)} if words else {}
    model.generate(input=audio, **kwargs)      # funasr SeacoParaformer: biases its decoder towards the words

funasr splits the hotword string at whitespace and tokenises each word with the model's seg_dict (hanzi one by one),
so only whitespace-free hanzi words are useful: a Latin term ("Tingxie: 听写") contributes its first hanzi alias,
which the glossary step then rewrites to the term. A string ending in ".txt" would be read as a file name, hence
the check below.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from models.core.registry import ModelSpec
from models.text.glossary import Glossary

SEACO_ID = "iic/speech_seaco_paraformer_large_asr_nat-zh-cn-16k-common-vocab8404-pytorch"
SEACO_REVISION = "v2.0.4"  # DESIGN.md: "(check)"
# For models/core/registry.py MODELS (kept here so the registry's own tests and the model manager are unchanged
# until the engine can use it). seg_dict is how funasr tokenises hotwords; without it every word is <unk>.
SEACO_SPEC = ModelSpec(
    key="asr-seaco",
    role="asr",
    model_id=SEACO_ID,
    revision=SEACO_REVISION,
    title="SeACo-Paraformer 热词语音识别 (Mandarin ASR with hotwords, optional)",
    required_files=("config.yaml", "model.pt", "tokens.json", "am.mvn", "configuration.json", "seg_dict"),
    size_mb=880,  # approximate: Paraformer-large plus a bias encoder and decoder
)
MAX_HOTWORDS = 1000  # funasr filters to the 50 best per segment (ASF); beyond this only the cost grows
_HANZI = re.compile(r"^[\u3400-\u9fff〇]+$")


def seaco_hotwords(glossary: Glossary) -> list[str]:
    """Hotwords in glossary order, deduplicated: hanzi terms, or a Latin term's first hanzi alias."""
    out: list[str] = []
    for t in glossary.terms:
        word = t.text if _HANZI.match(t.text) else next((a for a in t.aliases if _HANZI.match(a)), None)
        if word and word not in out:
            out.append(word)
    return out[:MAX_HOTWORDS]


def hotword_argument(words: Iterable[str]) -> str | None:
    """funasr's `hotword` string (space-separated), or None when there is nothing to bias towards."""
    kept = [w for w in words if w and _HANZI.match(w)]
    return " ".join(kept) if kept else None
