"""SeACo-Paraformer hotwords from a glossary. No Qt; funasr is not imported here.

    words = seaco_hotwords(glossary)             # the spoken (hanzi) form of each term
    hotwords_active(store, glossary)             # will a transcription bias the recogniser? (the GUI's hint)

Wiring: models/asr/seaco_switch.py picks SeACo per file (glossary with hotwords + model installed), and
models/asr/seaco_recognizer.py decodes with funasr's bias path (what `generate(hotword=hotword_argument(words))`
does) over our loader.

funasr splits the hotword string at whitespace and tokenises each word with the model's seg_dict (hanzi one by one),
so only whitespace-free hanzi words are useful: a Latin term ("Tingxie: 听写") contributes its first hanzi alias,
which the glossary step then rewrites to the term. A string ending in ".txt" would be read as a file name, hence
the check below.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from models.core.registry import MODELS
from models.text.glossary import Glossary

SEACO_SPEC = MODELS["asr-seaco"]
SEACO_ID = SEACO_SPEC.model_id
SEACO_REVISION = SEACO_SPEC.revision
SEACO_MODEL = "seaco-paraformer-large"  # Transcript.model (and so Job.model) of a file SeACo decoded
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


def installed_folder(store: object) -> Path | None:
    """The ready SeACo folder in `store` (a models.store.manager.ModelStore), or None; no network, stat calls only."""
    status = store.status(SEACO_SPEC)  # type: ignore[attr-defined]
    return Path(status.path) if status.ready else None


def hotwords_active(store: object, glossary: Glossary | None) -> bool:
    """Whether a transcription with this glossary will bias SeACo-Paraformer towards its terms (for the GUI's hint):
    the model is installed and the glossary has at least one hanzi term or alias. Otherwise the main model runs
    and the glossary only replaces text after recognition."""
    return glossary is not None and bool(seaco_hotwords(glossary)) and installed_folder(store) is not None
