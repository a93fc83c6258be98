"""Glossary syntax, errors that name the file and line, merge."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.text.glossary import GlossaryError, load, load_all, merge, parse

GOOD = """\
# product words
Tingxie: 听写, 厅谢      # aliases
达摩院
C#：C夏普、西夏普
re: 第(\\d+)期 => 第\\1期
!not: 上下文, 下文
"""


def test_parse_terms_aliases_rules_and_blacklist() -> None:
    g = parse(GOOD, "g.txt")
    assert [(t.text, t.aliases, t.line) for t in g.terms] == [
        ("Tingxie", ("听写", "厅谢"), 2), ("达摩院", (), 3), ("C#", ("C夏普", "西夏普"), 4)]
    assert len(g.rules) == 1 and g.rules[0].pattern.pattern == r"第(\d+)期" and g.rules[0].line == 5
    assert g.blacklist == ("上下文", "下文")
    assert g.hotwords() == ["Tingxie", "达摩院", "C#"]
    assert not g.is_empty() and parse("# only a comment\n\n").is_empty()


@pytest.mark.parametrize("line, words", [
    ("re: ([a-z]+ => x", "invalid regular expression"),
    ("re: 第(\\d+)期 => 第\\2期", "invalid regular expression"),  # no group 2
    ("re: 第期", "needs 're: PATTERN => REPLACEMENT'"),
    ("re: x* => y", "matches the empty string"),
    (": 听写", "term is missing"),
    ("!not:", "needs at least one"),
    ("!only: 词", "unknown directive"),
])
def test_bad_lines_name_the_file_and_line(line: str, words: str) -> None:
    with pytest.raises(GlossaryError) as e:
        parse(f"达摩院\n# comment\n{line}\n", "terms.txt")
    assert e.value.line == 3 and e.value.path == "terms.txt"
    assert "terms.txt:3" in str(e.value) and words in str(e.value)


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes("达摩院\n听写\n".encode("utf-8") + "厅谢\n".encode("gbk"))
    with pytest.raises(GlossaryError) as e:
        load(p)
    assert f"{p}:3" in str(e.value) and "UTF-8" in str(e.value)


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="cannot read"):
        load(tmp_path / "missing.txt")
    with pytest.raises(GlossaryError, match="cannot read"):
        load(tmp_path)  # a folder


def test_bom_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff达摩院\n".encode("utf-8"))
    glossary, problems = load(p)
    assert [t.text for t in glossary.terms] == ["达摩院"] and not problems


def test_load_all_skips_a_bad_file_and_keeps_the_good_one(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("达摩院\n", "utf-8")
    bad.write_text("re: ( => x\n", "utf-8")
    g, errors = load_all([bad, good])
    assert [t.text for t in g.terms] == ["达摩院"]
    assert len(errors) == 1 and f"{bad}:1" in str(errors[0])


def test_arrow_without_re_is_a_plain_replacement() -> None:
    from models.core.transcript import Segment
    from models.text.pipeline import TextOptions, apply

    g = parse("听些 => 听写\nC.D => 西迪\n", "g.txt")
    assert not g.terms and len(g.rules) == 2  # not taken as a term named "听些 => 听写"
    seg = Segment(0, 1000, "我们听些了CxD和C.D。", tuple("我们听些了CxD和C.D。"), tuple((i, i + 1) for i in range(13)))
    out, _ = apply([seg], TextOptions(itn=False), g)
    assert out[0].text == "我们听写了CxD和西迪。"  # literal: "." is not "any character"


def test_a_bad_line_is_skipped_alone_and_reported_once(tmp_path: Path, caplog) -> None:
    from models.text.pipeline import TextSteps, TextOptions

    p = tmp_path / "terms.txt"
    p.write_text("达摩院\nre: ( => x\n听写: 厅谢\nre: 第(\\d+)期 => 第\\1期\n", "utf-8")
    g, errors = load_all([p])
    assert [t.text for t in g.terms] == ["达摩院", "听写"] and len(g.rules) == 1
    assert len(errors) == 1 and errors[0].line == 2 and f"{p}:2" in str(errors[0])
    steps = TextSteps(TextOptions(glossary_paths=(str(p),), itn=False))
    assert [t.text for t in steps.glossary.terms] == ["达摩院", "听写"]
    assert len(steps.report.errors) == 1 and f"{p}:2" in steps.report.errors[0]
    assert "the rest of the glossary applies" in steps.report.errors[0]
    assert not [r for r in caplog.records if str(p) in r.getMessage()]  # reported by the caller, not logged too


def test_merge_local_wins() -> None:
    global_ = parse("Tingxie: 听写, 厅谢\n达摩院\nre: a => b\n!not: 上下文\n", "global")
    local = parse("听写: 厅谢\nre: a => c\n!not: 下文\n", "local")
    m = merge(global_, local)
    terms = {t.text: t for t in m.terms}
    # local's term 听写 and its alias 厅谢 are no longer global aliases of Tingxie
    assert terms["Tingxie"].aliases == () and terms["听写"].aliases == ("厅谢",)
    assert terms["听写"].source == "local" and terms["达摩院"].source == "global"
    assert [r.replacement for r in m.rules] == ["c"]  # same pattern: the local rule replaces the global one
    assert set(m.blacklist) == {"上下文", "下文"} and m.sources == ("global", "local")
    again = merge(global_, parse("达摩院: 达魔院\n", "local"))
    assert {t.text: t.aliases for t in again.terms}["达摩院"] == ("达魔院",)
