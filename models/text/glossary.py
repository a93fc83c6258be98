r"""Glossary files: terms with aliases, regex rules and a context blacklist.

A glossary is a plain UTF-8 text file (a BOM is allowed), one entry per line:

    # A line starting with "#" is a comment; so is " # ..." after an entry (whitespace before the "#").
    Tingxie: 听写, 厅谢       # a term and its aliases: each alias, and anything that sounds like it, becomes "Tingxie"
    达摩院                    # a term alone: words that sound like it (pinyin, tones ignored) become "达摩院"
    re: 第(\d+)期 => 第\1期   # a regex rule (Python syntax); \1 or \g<name> refer to groups
    听些 => 听写              # a plain replacement: this text, exactly as written, becomes that text
    !not: 上下文              # context blacklist: no term replaces text that overlaps an occurrence of "上下文"

- Aliases are separated by "," "，" or "、"; ":" may be the full-width "：". Terms may be Latin ("C++", "Tingxie").
- Exact aliases are replaced as written. Sound-alike (fuzzy) matching compares toneless pinyin of same-length runs of
  hanzi with the term's and its hanzi aliases' pinyin (models/text/hotwords.py); a term with 3 or more syllables
  also tolerates z/zh, c/ch, s/sh, n/l and -n/-ng confusions. Longest match first, never overlapping.
- Regex rules run after the terms, in file order; "!not:" lines apply to every term in the file.
- A global glossary and one per job/folder combine with merge(global, local): the local one wins on the same term,
  and an alias that the local glossary claims is taken from global terms.
A line that cannot be read (invalid regex, not an entry) is skipped alone and reported once with file and line
(GlossaryError); the rest of the glossary applies. A file that cannot be read at all (missing permission, not
UTF-8) is skipped whole. parse() is the strict form (the editor's check: the first bad line raises).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from models.core.errors import TingxieError

_SEP = re.compile(r"[,，、]")
_COMMENT = re.compile(r"\s#")
_HEAD = re.compile(r"^([^:：]*[^:：\s])\s*[:：]\s*(.*)$")


class GlossaryError(TingxieError):
    """A glossary file cannot be used; the message names the file and, where known, the line."""

    def __init__(self, message: str, path: str = "", line: int = 0) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"Glossary {where}: {message}" if where else f"Glossary: {message}")
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Term:
    text: str
    aliases: tuple[str, ...] = ()
    source: str = ""  # the file it came from (replacement counts per file)
    line: int = 0


@dataclass(frozen=True)
class RegexRule:
    pattern: re.Pattern[str]
    replacement: str
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    rules: tuple[RegexRule, ...] = ()
    blacklist: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())

    def is_empty(self) -> bool:
        return not self.terms and not self.rules

    def hotwords(self) -> list[str]:
        """The terms, for a recogniser's hotword list (SeACo-Paraformer)."""
        return [t.text for t in self.terms]


def parse(text: str, source: str = "<glossary>") -> Glossary:
    """Parse glossary text strictly (the editor's check): raises GlossaryError for the first bad line."""
    glossary, problems = parse_lines(text, source)
    if problems:
        raise problems[0]
    return glossary


def parse_lines(text: str, source: str = "<glossary>") -> tuple[Glossary, list[GlossaryError]]:
    """Parse glossary text (see the module docstring); a line that cannot be read is skipped and returned as a
    GlossaryError naming source and line, and every other line still counts."""
    terms: list[Term] = []
    rules: list[RegexRule] = []
    blacklist: list[str] = []
    problems: list[GlossaryError] = []
    for n, raw in enumerate(text.splitlines(), 1):
        try:
            _parse_line(raw, source, n, terms, rules, blacklist)
        except GlossaryError as e:
            problems.append(e)
    return Glossary(tuple(terms), tuple(rules), tuple(dict.fromkeys(blacklist)), (source,)), problems


def _parse_line(raw: str, source: str, n: int, terms: list[Term], rules: list[RegexRule],
                blacklist: list[str]) -> None:
    line = raw.strip()
    if not line or line.startswith("#"):
        return
    low = line.lower()
    if low.startswith(("re:", "re：")):
        rules.append(_parse_rule(line[3:].strip(), source, n))
        return
    line = _COMMENT.split(line, 1)[0].strip()
    if low.startswith(("!not:", "!not：")):
        words = [w.strip() for w in _SEP.split(line[5:]) if w.strip()]
        if not words:
            raise GlossaryError("'!not:' needs at least one context word", source, n)
        blacklist.extend(words)
        return
    if line.startswith("!"):
        raise GlossaryError(f"unknown directive {line.split(':')[0]!r} (known: '!not:')", source, n)
    if "=>" in line:  # "错词 => 正词": a plain replacement (the text as written, no regular expression)
        rules.append(_plain_rule(line, source, n))
        return
    m = _HEAD.match(line)
    if m:
        term, rest = m.group(1).strip(), m.group(2)
        aliases = tuple(dict.fromkeys(a.strip() for a in _SEP.split(rest) if a.strip() and a.strip() != term))
    elif ":" in line or "：" in line:
        raise GlossaryError(f"a term is missing before ':' in {raw.strip()!r}", source, n)
    else:
        term, aliases = line, ()
    terms.append(Term(term, aliases, source, n))


def _plain_rule(line: str, source: str, n: int) -> RegexRule:
    old, new = (part.strip() for part in line.split("=>", 1))
    if not old:
        raise GlossaryError("a replacement needs the text to replace before '=>'", source, n)
    # Stored as a rule whose pattern matches the text literally and whose replacement is taken literally.
    return RegexRule(re.compile(re.escape(old)), new.replace("\\", "\\\\"), source, n)


def _parse_rule(body: str, source: str, n: int) -> RegexRule:
    if "=>" not in body:
        raise GlossaryError("a regex rule needs 're: PATTERN => REPLACEMENT'", source, n)
    pat, repl = (s.strip() for s in body.split("=>", 1))
    if not pat:
        raise GlossaryError("a regex rule has an empty pattern", source, n)
    try:
        rx = re.compile(pat)
        _check_template(rx, repl)
    except re.error as e:
        raise GlossaryError(f"invalid regular expression {pat!r}: {e}", source, n) from e
    if rx.fullmatch("") is not None:
        raise GlossaryError(f"regex {pat!r} matches the empty string", source, n)
    return RegexRule(rx, repl, source, n)


def _check_template(rx: re.Pattern[str], repl: str) -> None:
    """Expand the replacement against an empty match with the same groups, so a bad '\\9' fails at load time."""
    names = {i: name for name, i in rx.groupindex.items()}
    fake = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, rx.groups + 1))
    m = re.match(fake, "")
    assert m is not None
    try:
        m.expand(repl)
    except IndexError as e:
        raise re.error(f"bad replacement {repl!r}: {e}") from e


def load(path: str | Path) -> tuple[Glossary, list[GlossaryError]]:
    """Read and parse a glossary file: the glossary and its lines that could not be read (skipped).
    Raises GlossaryError when the file itself cannot be used (unreadable, not UTF-8)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise GlossaryError(f"cannot read the file: {e.strerror or e}", str(p)) from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise GlossaryError("not UTF-8 text (save it as UTF-8)", str(p), line) from e
    glossary, problems = parse_lines(text, str(p))
    return glossary, problems


def merge(*glossaries: Glossary | None) -> Glossary:
    """Combine glossaries, later ones winning (merge(global_, local)): same term -> the later entry; an alias
    claimed by a later glossary is removed from earlier terms; rules run later-glossary first; blacklists join."""
    terms: dict[str, Term] = {}
    rules: list[RegexRule] = []
    blacklist: list[str] = []
    sources: list[str] = []
    for g in (g for g in glossaries if g is not None):
        claimed = {a for t in g.terms for a in (t.text, *t.aliases)}
        for key, t in list(terms.items()):
            kept = tuple(a for a in t.aliases if a not in claimed)
            if kept != t.aliases:
                terms[key] = Term(t.text, kept, t.source, t.line)
        for t in g.terms:
            terms.pop(t.text, None)
            terms[t.text] = t
        patterns = {r.pattern.pattern for r in g.rules}
        rules = list(g.rules) + [r for r in rules if r.pattern.pattern not in patterns]
        blacklist.extend(g.blacklist)
        sources.extend(g.sources)
    return Glossary(tuple(terms.values()), tuple(rules), tuple(dict.fromkeys(blacklist)), tuple(sources))


def load_all(paths: Iterable[str | Path]) -> tuple[Glossary, list[GlossaryError]]:
    """Load and merge paths in order (global first, then job/folder ones). Errors: each file that cannot be used
    (skipped whole) and each line that cannot be read (skipped alone; error.line is set)."""
    loaded: list[Glossary] = []
    errors: list[GlossaryError] = []
    for p in paths:
        try:
            glossary, problems = load(p)
        except GlossaryError as e:
            errors.append(e)
            continue
        loaded.append(glossary)
        errors.extend(problems)
    return merge(*loaded), errors
