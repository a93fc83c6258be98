"""Inverse text normalisation: spoken Chinese numbers to digits, with per-character times kept.

    seg2 = itn_segment(seg)            # "二零二五年三月十二日" -> "2025年3月12日"
    text = itn_text("百分之三十")       # "30%"

Library choice (measured on 22 hand-written cases with an expected output + the 4 reference transcripts in
testdata/speech/MANIFEST.tsv, 2 shared cores):
  cn2an 0.5.24 `transform(text, "cn2an")`: 12/22 right; it turns every 一/三/五 into a digit, so idioms and
    ordinary words break ("一心一意" -> "1心1意", "三国" -> "3国", "一些" -> "1些") and so does one reference
    ("聊一聊" -> "聊1聊"). No protect-list can keep up with that. 0.03 ms per sentence.
  WeTextProcessing 1.2.0 (pynini FSTs, a 165 MB pynini wheel): 19/22, all 4 references unchanged, idioms kept.
    1.3 ms per sentence.
  wetext 0.1.8 (the same WeTextProcessing zh ITN FSTs run with kaldifst, no pynini; 5 MB): output identical to
    WeTextProcessing on every case; 1.0 ms per sentence (tagger alone: 1.0 ms).
Chosen: wetext. Its tagger decides WHERE numbers are (the hard part: idioms, 一个, 一下, 星期三 stay); this module
then writes dates, money and measures Chinese-style from the input ("2025年3月12日", "1234元", "3.5公里"
instead of WeText's "2025/03/12", "¥1234", "3.5km") and times as "下午3:30" instead of "3:30p.m.".
Only clauses that contain a numeral character go through the FST (most do not), which keeps a 3-hour transcript
well under a second. PROTECTED words keep their characters even where the grammar would convert them, and an
output with a space the input did not have ("九九八十一" -> "998 11") is rejected, except a digit-by-digit
string (phone numbers), written without WeText's grouping spaces.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from models.core.transcript import Segment
from models.text.align import splice
from models.text.timing import char_times, with_text

log = logging.getLogger(__name__)

NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两幺")
# Idioms, names and fixed phrases WeText's grammar would turn into digits (it already keeps 一心一意, 三国, 一些 ...).
PROTECTED: tuple[str, ...] = ("九九八十一", "一五一十", "三三两两", "千千万万", "十之八九", "百分之百", "一百八十度",
                              "二八年华", "三七二十一", "五五开")
_N = "[零〇一二三四五六七八九十百千万亿两幺]"
# 十分 is "very" (十分重要) unless it is a time (三点十分), minutes (十分钟) or a fraction (十分之一).
_PROTECT = re.compile("|".join(PROTECTED) + rf"|(?<!点)(?<!{_N})十分(?![钟之])")
# Where WeText may write digits: 2+ numerals, 十 alone (十公里), N点N / N点半 (3.5, 3:30), N分之N (1/3, 30%), N月N (3月3日), N块N.
TRIGGER = re.compile(rf"{_N}{{2,}}|十|{_N}点(?:{_N}|半)|{_N}分之{_N}|{_N}[月年块元角毛]{_N}")
CONTEXT = 4  # characters of context each side: noon words (下午), units (公里, 美元), idioms (一心一意)
_CLAUSE = re.compile(r"[^，。？！、；：,.?!;:…\s]+")
_RUN = re.compile(r"[零〇一二三四五六七八九十百千万亿两幺点]+")
_NUM = re.compile(r"\d+(?:\.\d+)?")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[ap]\.m\.)?$")
_DIGIT = frozenset("零〇一二三四五六七八九幺两")
_FLAGS = frozenset({"preserve_order"})


@lru_cache(maxsize=1)
def _wetext() -> Any:
    """Import on first use: loading the FSTs takes ~0.3 s, and a job with ITN off never pays it."""
    import wetext  # noqa: PLC0415
    from wetext.token_parser import TokenParser  # noqa: PLC0415

    return wetext, TokenParser("zh", "itn")


def itn_text(text: str) -> str:
    """text with numbers written as digits (see the module docstring)."""
    out, pos = [], 0
    for a, b, new in _edits(text):
        out.append(text[pos:a] + new)
        pos = b
    return "".join(out) + text[pos:]


def itn_segment(seg: Segment) -> Segment:
    """seg with numbers as digits; the new characters take the times of the words they replace."""
    edits = _edits(seg.text)
    if not edits:
        return seg
    new_text, new_times = splice(seg.text, char_times(seg), edits)
    return with_text(seg, new_text, new_times)


def _edits(text: str, windowed: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for every number in text, in order.

    windowed: tag only a few characters around each place that can hold a number (TRIGGER) instead of the whole
    clause; the FST costs ~0.1 ms per character, and a lone 一/三 (一个, 三天, 第五) never becomes a digit anyway.
    Tests check that both ways give the same result.
    """
    if not any(c in NUMERALS for c in text):
        return []
    guarded = [(m.start(), m.end()) for m in _PROTECT.finditer(text)]
    edits = []
    for m in _CLAUSE.finditer(text):
        for w0, w1 in _windows(m.group()) if windowed else [(0, len(m.group()))]:
            for a, b, new in _clause_edits(m.group()[w0:w1]):
                a, b = a + m.start() + w0, b + m.start() + w0
                if not any(a < y and x < b for x, y in guarded):
                    edits.append((a, b, new))
    return edits


def _windows(clause: str) -> list[tuple[int, int]]:
    """Merged spans of TRIGGER matches widened by CONTEXT characters, within the clause."""
    out: list[tuple[int, int]] = []
    for m in TRIGGER.finditer(clause):
        a, b = max(0, m.start() - CONTEXT), min(len(clause), m.end() + CONTEXT)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@lru_cache(maxsize=4096)
def _clause_edits(clause: str) -> tuple[tuple[int, int, str], ...]:
    """Edits for one clause or window (cached: meetings repeat their numbers and phrases)."""
    wetext, parser = _wetext()
    try:
        tagged = wetext.tag(clause, "zh", "itn")
        if tagged:
            parser.parse(tagged)
        tokens = parser.tokens if tagged else []
    except Exception:  # the FST runtime raises plain errors on odd input; never lose a sentence over ITN
        log.debug("ITN tagger failed on %r", clause, exc_info=True)
        return ()
    edits, pos = [], 0
    for tok in tokens:
        start = pos
        for key in tok.order:
            value = tok.members[key].replace('\\"', '"').replace("\\\\", "\\")  # undo the tagger's escapes
            if key in _FLAGS or not value:
                continue
            while pos < len(clause) and clause[pos] == " " and not value.startswith(" "):
                pos += 1
            if not clause.startswith(value, pos):
                log.debug("ITN tokens do not match %r at %d; clause left as it is", clause, pos)
                return ()
            pos += len(value)
        if tok.name in ("char", "whitelist") or pos == start:
            continue
        source = clause[start:pos]
        out = _verbalize(tok, source, wetext, parser)
        digits = out.replace(" ", "")
        if digits.isdigit() and len(digits) == len(source) and all(c in _DIGIT for c in source):
            out = digits  # a digit string read one by one (phone numbers): WeText groups it with spaces
        if out and out != source and not (" " in out and " " not in source):
            edits.append((start, pos, out))
    return tuple(edits)


def _verbalize(tok: Any, source: str, wetext: Any, parser: Any) -> str:
    """One token's written form: WeText's digits, written Chinese-style where WeText writes Western style."""
    out: str = wetext.verbalize(tok.string(parser.orders), "zh", "itn")
    if tok.name == "time":
        m = _CLOCK.match(out)
        if m is None:
            return out
        h, mm, ss = m.group(1), m.group(2), m.group(3)
        noon = tok.members.get("noon", "")
        return f"{noon}{int(h)}:{mm}" + (f":{ss}" if ss and ss != "00" else "")
    if tok.name in ("date", "money", "measure"):
        runs = [r for r in _RUN.finditer(source) if r.group() != "点"]
        nums = _NUM.findall(out)
        if len(runs) == len(nums) and runs:
            parts, pos = [], 0
            for r, n in zip(runs, nums):
                keep_zeros = r.group()[0] in "零〇" or "." in n
                parts.append(source[pos:r.start()] + (n if keep_zeros else str(int(n))))
                pos = r.end()
            return "".join(parts) + source[pos:]
    return out
