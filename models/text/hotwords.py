"""Apply a Glossary to timed sentences: exact aliases, pinyin sound-alikes, regex rules.

    matcher = GlossaryMatcher(glossary)
    new_seg, replacements = matcher.apply(seg, index)

Candidates (an alias as written, ASCII case ignored; a same-length run of hanzi whose toneless pinyin matches a term
or one of its hanzi aliases) are taken longest first, then leftmost, never overlapping; a span that already reads as
the term is kept and blocks overlapping candidates. A candidate that overlaps a blacklisted context is skipped.
Pinyin comes per character with all its readings (pypinyin, heteronyms), so polyphones such as 重/行 match either
reading; a term's own pinyin is read phrase-aware. Terms of 3+ syllables also accept z/zh, c/ch, s/sh, n/l, -n/-ng.
Regex rules then run in order on the result. Replacement spans are positions in the returned sentence's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from models.core.transcript import Segment
from models.text.align import splice
from models.text.glossary import Glossary, Term
from models.text.timing import char_times, with_text

LOOSE_MIN_SYLLABLES = 3  # shorter terms would match too many ordinary words with accent-tolerant pinyin


@dataclass(frozen=True)
class Replacement:
    """One change, for highlighting and reverting in the editor: text[start:end] of sentence `sentence` is `new`
    and was `old` before the glossary step."""

    sentence: int
    start: int
    end: int
    old: str
    new: str
    rule: str  # "alias", "pinyin" or "regex"
    source: str = ""  # glossary file
    line: int = 0  # line in that file

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class _Target:
    term: Term
    syllables: tuple[str, ...]
    loose: bool


@lru_cache(maxsize=65536)
def _readings(c: str) -> frozenset[str]:
    """Toneless pinyin readings of one character; empty for anything that is not a hanzi."""
    if not ("\u3400" <= c <= "\u9fff" or c == "〇"):
        return frozenset()
    from pypinyin import Style, pinyin  # 170 ms of tables: loaded only once a glossary is used

    return frozenset(r for r in pinyin(c, style=Style.NORMAL, heteronym=True, errors="ignore")[0] if r.isalpha())


def _loosen(s: str) -> str:
    """Merge common accent confusions: retroflex/flat initials, n/l, front/back nasals."""
    for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if s.startswith(a):
            s = b + s[2:]
            break
    if s.startswith("n") and s != "ng":
        s = "l" + s[1:]
    if s.endswith("ng") and len(s) > 2:
        s = s[:-1]
    return s


@lru_cache(maxsize=65536)
def _loose_readings(c: str) -> frozenset[str]:
    return frozenset(_loosen(r) for r in _readings(c))


@lru_cache(maxsize=65536)
def _any_readings(c: str) -> frozenset[str]:
    return _readings(c) | _loose_readings(c)


def _is_hanzi_text(s: str) -> bool:
    return bool(s) and all(_readings(c) for c in s)


class GlossaryMatcher:
    """A glossary prepared for fast matching; apply() is pure (no state changes)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._exact: dict[str, Term] = {}  # lowercased alias or term -> term
        for t in glossary.terms:
            for a in (*t.aliases, t.text):
                self._exact.setdefault(a.lower(), t)
        self._exact_lengths = sorted({len(a) for a in self._exact}, reverse=True)
        self._targets: dict[int, dict[str, list[_Target]]] = {}  # length -> first syllable -> targets
        for t in glossary.terms:
            for form in dict.fromkeys((t.text, *t.aliases)):
                if not _is_hanzi_text(form):
                    continue
                syl = tuple(_lazy_pinyin(form))
                if len(syl) != len(form):
                    continue
                loose = len(syl) >= LOOSE_MIN_SYLLABLES
                if loose:
                    syl = tuple(_loosen(s) for s in syl)
                self._targets.setdefault(len(form), {}).setdefault(syl[0], []).append(_Target(t, syl, loose))
        self._blacklist = glossary.blacklist

    def apply(self, seg: Segment, index: int) -> tuple[Segment, list[Replacement]]:
        """seg with glossary replacements applied, and what changed (spans in the new text)."""
        if self.glossary.is_empty() or not seg.text:
            return seg, []
        text = seg.text
        chosen = self._choose(text)
        edits = [(a, b, t.text) for a, b, t, _ in chosen if text[a:b] != t.text]
        if not edits and not any(rule.pattern.search(text) for rule in self.glossary.rules):
            return seg, []  # nothing to change: skip the per-character timing (most sentences of a transcript)
        times = char_times(seg)
        new_text, new_times = splice(text, times, edits)
        reps: list[Replacement] = []
        shift = 0
        for a, b, t, kind in chosen:
            if text[a:b] == t.text:
                continue
            reps.append(Replacement(index, a + shift, a + shift + len(t.text), text[a:b], t.text, kind, t.source, t.line))
            shift += len(t.text) - (b - a)
        for rule in self.glossary.rules:
            rule_edits = [(m.start(), m.end(), m.expand(rule.replacement)) for m in rule.pattern.finditer(new_text)]
            rule_edits = [e for e in rule_edits if new_text[e[0]:e[1]] != e[2]]
            if not rule_edits:
                continue
            before = new_text
            new_text, new_times = splice(before, new_times, rule_edits)
            reps = [_shifted(r, rule_edits) for r in reps]
            shift = 0
            for a, b, new in rule_edits:
                reps.append(Replacement(index, a + shift, a + shift + len(new), before[a:b], new, "regex", rule.source,
                                        rule.line))
                shift += len(new) - (b - a)
        if new_text == text:
            return seg, []
        return with_text(seg, new_text, new_times), sorted(reps, key=lambda r: r.start)

    def _choose(self, text: str) -> list[tuple[int, int, Term, str]]:
        low = text.lower() if len(text.lower()) == len(text) else text
        cands: list[tuple[int, int, int, Term, str]] = []  # (-length, priority, start, term, kind)
        for n in self._exact_lengths:
            for i in range(len(text) - n + 1):
                t = self._exact.get(low[i:i + n])
                if t is not None:
                    cands.append((-n, 0, i, t, "alias"))
        if self._targets:
            cands.extend(self._sound_alikes(text))
        blocked = [(m.start(), m.end()) for w in self._blacklist for m in re.finditer(re.escape(w), text)]
        taken: list[tuple[int, int]] = []
        out: list[tuple[int, int, Term, str]] = []
        for negn, _, a, t, kind in sorted(cands, key=lambda c: (c[0], c[1], c[2])):
            b = a - negn
            if any(a < y and x < b for x, y in taken) or any(a < y and x < b for x, y in blocked):
                continue
            taken.append((a, b))
            out.append((a, b, t, kind))
        return sorted(out, key=lambda c: c[0])

    def _sound_alikes(self, text: str) -> list[tuple[int, int, int, Term, str]]:
        reads = [_readings(c) for c in text]
        run = [0] * (len(text) + 1)  # run[i]: how many hanzi in a row start at i
        for i in range(len(text) - 1, -1, -1):
            run[i] = run[i + 1] + 1 if reads[i] else 0
        out = []
        for n, by_first in self._targets.items():
            for i in range(len(text) - n + 1):
                if run[i] < n:
                    continue
                for first in _any_readings(text[i]) & by_first.keys():
                    for tg in by_first[first]:
                        rs = _loose_readings if tg.loose else _readings
                        if all(s in rs(text[i + k]) for k, s in enumerate(tg.syllables)):
                            out.append((-n, 1, i, tg.term, "pinyin"))
        return out


def _shifted(r: Replacement, edits: list[tuple[int, int, str]]) -> Replacement:
    """Move an earlier replacement's span through later edits (sorted, in the earlier text's positions)."""
    def move(p: int, is_end: bool) -> int:
        d = 0
        for a, b, new in edits:
            if b <= p:
                d += len(new) - (b - a)
            elif a < p:  # the edit cuts through the span: snap to the edit's edge
                return a + d + (len(new) if is_end else 0)
            else:
                break
        return p + d
    start = move(r.start, False)
    return Replacement(r.sentence, start, max(start, move(r.end, True)), r.old, r.new, r.rule, r.source, r.line)


def _lazy_pinyin(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL)
