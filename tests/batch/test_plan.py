"""Sources, manifest and progress without any model (issue 18)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from models.batch.manifest import DONE, FAILED, MANIFEST_NAME, Manifest, Row, read_rows
from models.batch.progress import BatchProgress
from models.batch.report import markdown
from models.batch.sources import collect


def test_sources_folders_lists_order_and_duplicates(tmp_path: Path) -> None:
    a = tmp_path / "arch"
    (a / "2020").mkdir(parents=True)
    (a / "2019").mkdir()
    for p in ("2020/01.mp3", "2019/01.mp3", "2019/b.WAV", "notes.pdf", "2019/a.mkv"):
        (a / p).write_bytes(b"x")
    os.symlink(a / "2019" / "b.WAV", tmp_path / "link.wav")
    (tmp_path / "empty").mkdir()
    lst = tmp_path / "paths.txt"
    lst.write_text("# archive\n\narch/2019/a.mkv\nextra.opus\n", encoding="utf-8")
    got = collect([a, tmp_path / "link.wav", lst, tmp_path / "empty"])
    assert [(i.path.relative_to(tmp_path).as_posix(), i.out) for i in got.inputs] == [
        ("arch/2019/01.mp3", "2019/01"), ("arch/2019/a.mkv", "2019/a"), ("arch/2019/b.WAV", "2019/b"),
        ("arch/2020/01.mp3", "2020/01"), ("extra.opus", "extra")]  # sorted, pdf skipped, link + list dupes once
    assert any("empty" in w for w in got.warnings)
    flat = collect([a / "2019" / "01.mp3", a / "2020" / "01.mp3", tmp_path / "01.wav"])
    assert [i.out for i in flat.inputs] == ["01.mp3", "01.mp3~2", "01.wav"]  # as transcribe, then numbered


def test_manifest_last_row_wins_torn_line_ignored_and_skip_rules(tmp_path: Path) -> None:
    out_file = tmp_path / "talk.txt"
    out_file.write_text("x")
    m = Manifest(tmp_path)
    row = Row(path="talk.wav", key="/k/talk.wav", out="talk", size=5, mtime_ns=7, head_sha256="h", settings_key="s1")
    m.put(row)
    m.put(Row(**{**row.__dict__, "status": DONE, "outputs": ["talk.txt"]}))
    m.put(Row(path="bad.mp3", key="/k/bad.mp3", out="bad", status=FAILED, error="not audio"))
    with open(tmp_path / MANIFEST_NAME, "ab") as f:
        f.write(b'{"path": "half-writ')  # a crash mid-append
    fresh = Manifest(tmp_path)
    assert [(r.key, r.status) for r in read_rows(tmp_path)] == [("/k/talk.wav", DONE), ("/k/bad.mp3", FAILED)]
    assert fresh.skip_reason("/k/talk.wav", 5, 7, "h", "s1")
    assert not fresh.skip_reason("/k/talk.wav", 5, 7, "h", "s2")  # other settings
    assert not fresh.skip_reason("/k/talk.wav", 6, 7, "h", "s1")  # file changed
    assert not fresh.skip_reason("/k/bad.mp3", None, None, "", "")  # failed: retried
    out_file.unlink()
    assert not fresh.skip_reason("/k/talk.wav", 5, 7, "h", "s1")  # output gone
    fresh.compact()
    lines = (tmp_path / MANIFEST_NAME).read_text("utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(line) for line in lines)


def test_progress_throughput_per_worker_eta_and_report() -> None:
    t = [100.0]
    p = BatchProgress(files_total=4, audio_total_s=4000.0, clock=lambda: t[0])
    p.started("w0")
    p.started("w1")
    t[0] = 110.0
    p.finished("w0", "a.wav", True, 1000.0, 1000.0, 10.0)
    t[0] = 120.0
    p.finished("w1", "b.wav", True, 1000.0, 1000.0, 20.0)
    p.finished("w1", "c.mp3", False, 0.0, 0.0, 0.1, "not audio")
    assert p.throughput() == 2000.0 / 20.0  # audio seconds per wall second = audio hours per hour
    assert p.workers["w0"].throughput(t[0]) == 100.0 and p.workers["w1"].throughput(t[0]) == 50.0
    assert p.eta_s() == 2000.0 / 100.0
    assert "3/4 files" in p.line() and "1 failed" in p.line()
    s = p.summary()
    assert (s["done"], s["failed"], s["failures"]) == (2, 1, [{"path": "c.mp3", "error": "not audio"}])
    md = markdown({**s, "cluster": "local"})
    assert "| w1 | 2 |" in md and "`c.mp3`: not audio" in md
