"""Output script: Simplified (as recognised), Traditional, Taiwan (with Taiwan phrasing) or Hong Kong.

    seg2 = convert_segment(seg, "taiwan")
    text = convert_text("鼠标和软件", "taiwan")      # "滑鼠和軟體"

OpenCC configs: traditional = s2t, taiwan = s2twp (Taiwan characters and phrases), hongkong = s2hk. s2t maps
character by character, so times carry over one to one; s2twp may change a phrase's length ("鼠标" -> "滑鼠" keeps
it, "软件" -> "軟體" too, but not all do), so its output is realigned against the s2t text, where only the
changed phrases differ (also when the total length happens to be unchanged). Converters are cached (building one reads its dictionaries, ~10 ms).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from models.core.transcript import SPEAKER_PREFIX, Segment
from models.text.align import realign
from models.text.timing import char_times, with_text

from models.options import SCRIPTS  # noqa: F401  (the one definition; re-exported for the text steps)

OPENCC_CONFIGS: dict[str, str | None] = {"simplified": None, "traditional": "s2t", "taiwan": "s2twp",
                                         "hongkong": "s2hk"}


def check_script(script: str) -> str:
    if script not in SCRIPTS:
        raise ValueError(f"Unknown script {script!r} (choose from {', '.join(SCRIPTS)})")
    return script


@lru_cache(maxsize=None)
def converter(config: str) -> Any:
    """A cached OpenCC converter for a config name such as "s2t" or "tw2s"."""
    import opencc  # noqa: PLC0415 -- only jobs that convert pay for loading it

    return opencc.OpenCC(config)


def convert_text(text: str, script: str) -> str:
    config = OPENCC_CONFIGS[check_script(script)]
    return text if config is None or not text else str(converter(config).convert(text))


def speaker_prefix(script: str) -> str:
    """The unnamed-speaker label in the script: 说话人 (Simplified), 說話人 (Traditional, Taiwan, Hong Kong)."""
    return convert_text(SPEAKER_PREFIX, script)


def convert_segment(seg: Segment, script: str) -> Segment:
    """seg in the given script, per-character times kept on the characters they belong to."""
    config = OPENCC_CONFIGS[check_script(script)]
    if config is None or not seg.text:
        return seg
    new_text = str(converter(config).convert(seg.text))
    if new_text == seg.text:
        return seg
    times = char_times(seg)
    base = str(converter("s2t").convert(seg.text)) if config != "s2t" else new_text
    if len(base) != len(seg.text):
        base = seg.text
    if new_text != base or len(new_text) != len(seg.text):
        # Phrase changes (s2twp: 方便面 -> 泡麵) can shift characters even when the total length is unchanged:
        # align against the character-for-character conversion, which differs only at those phrases.
        times = realign(base, times, new_text)
    return with_text(seg, new_text, times)
