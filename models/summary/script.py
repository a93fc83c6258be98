"""Keep the transcript's writing system in the summary: a model often answers Simplified Chinese to Traditional
text (or the other way round), so the answer is converted with OpenCC (models/text/script.py's converters)."""
from __future__ import annotations

from models.text.script import converter


def detect(text: str) -> str:
    """"traditional" when more characters change going to Simplified than to Traditional, else "simplified"."""
    sample = text[:20000]
    if not sample:
        return "simplified"
    to_s = str(converter("t2s").convert(sample))
    to_t = str(converter("s2t").convert(sample))
    trad = sum(a != b for a, b in zip(sample, to_s))
    simp = sum(a != b for a, b in zip(sample, to_t))
    return "traditional" if trad > simp else "simplified"


def keep(text: str, script: str) -> str:
    return str(converter("s2t" if script == "traditional" else "t2s").convert(text))
