"""The pipeline: order, options stored with a job, CLI arguments, bad glossaries, the reload watcher."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from models.text.glossary import parse
from models.text.pipeline import TextOptions, add_text_arguments, apply, text_options_from_args
from models.text.reload import GlossaryWatcher
from tests.text.helpers import timed


def test_steps_run_glossary_then_itn_then_script() -> None:
    # The glossary sees the spoken numbers (before ITN), and the script converts its output.
    g = parse("三国演义: 三果演义\nre: 第三版 => 第三版本\n", "g.txt")
    segs = [timed("我读了三果演义第三版，花了二零二五年三月的五十块钱买软件。")]
    out, report = apply(segs, TextOptions(glossary=g, itn=True, script="taiwan"))
    assert out[0].text == "我讀了三國演義第三版本，花了2025年3月的50塊錢買軟體。"
    assert report.itn_changed == 1 and report.counts == {"g.txt": 2} and report.script == "taiwan"


def test_itn_off_and_simplified_leave_text_alone() -> None:
    segs = [timed("二零二五年。")]
    out, report = apply(segs, TextOptions(itn=False))
    assert out == segs and report.replacements == [] and report.itn_changed == 0


def test_options_round_trip_through_a_dict() -> None:
    o = TextOptions(glossary_paths=(Path("a.txt"), "b.txt"), itn=False, script="hongkong")  # type: ignore[arg-type]
    d = o.to_dict()
    assert d == {"glossary_paths": ["a.txt", "b.txt"], "itn": False, "script": "hongkong"}
    assert TextOptions.from_dict(d) == o
    assert TextOptions.from_dict({}) == TextOptions() and TextOptions.from_dict(None).itn is True
    with pytest.raises(ValueError):
        TextOptions(script="cyrillic")


def test_cli_arguments() -> None:
    p = argparse.ArgumentParser()
    add_text_arguments(p)
    o = text_options_from_args(p.parse_args(["--glossary", "g.txt", "--glossary", "job.txt", "--no-itn",
                                             "--script", "taiwan"]))
    assert o == TextOptions(glossary_paths=("g.txt", "job.txt"), itn=False, script="taiwan")
    assert text_options_from_args(p.parse_args([])) == TextOptions()
    with pytest.raises(SystemExit):
        p.parse_args(["--script", "latin"])


def test_bad_glossary_is_reported_and_the_rest_still_runs(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("达摩院\nre: [ => x\n", "utf-8")
    good.write_text("Tingxie: 听写\n", "utf-8")
    out, report = apply([timed("听写了三十个。")], TextOptions(glossary_paths=(str(bad), str(good))))
    assert out[0].text == "Tingxie了30个。"
    assert len(report.errors) == 1 and f"{bad}:2" in report.errors[0]


def test_watcher_sees_changes_and_reloads(tmp_path: Path) -> None:
    p = tmp_path / "g.txt"
    w = GlossaryWatcher([p])
    assert w.changed()  # never loaded
    g, errors = w.load()
    assert g.is_empty() and errors == [] and not w.changed()  # a missing file is no error
    p.write_text("达摩院\n", "utf-8")
    assert w.changed()
    g, _ = w.load()
    assert [t.text for t in g.terms] == ["达摩院"] and not w.changed()
    p.write_text("达摩院\nTingxie: 听写\n", "utf-8")
    os.utime(p, ns=(1, 1))  # a different mtime even on coarse-clock file systems
    assert w.changed()
    g, _ = w.load()
    assert len(g.terms) == 2
    p.write_text("re: ( => x\n", "utf-8")
    g, errors = w.load()
    assert g.is_empty() and len(errors) == 1


def test_replacement_spans_point_into_the_final_text() -> None:
    g = parse("达摩院\n识别\n", "g.txt")
    segs = [timed("二零二五年达魔院发布了十二个实别模型。")]
    out, report = apply(segs, TextOptions(glossary=g, script="taiwan"))
    text = out[0].text
    assert text == "2025年達摩院釋出了12個識別模型。"  # 发布 -> 釋出: Taiwan phrasing
    assert [(text[r.start:r.end], r.new, r.old) for r in report.replacements] == [
        ("達摩院", "達摩院", "达魔院"), ("識別", "識別", "实别")]
