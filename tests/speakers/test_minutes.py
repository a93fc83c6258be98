"""Exports with speakers: names everywhere, renaming reaches every format, files open in real readers
(DOCX through pandoc, SRT/VTT through the strict parsers and FFmpeg's demuxers via PyAV)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import av
import pytest

from models.core.transcript import Segment, Transcript
from models.export.formats import FORMATS, write_all

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from subtitles import check_cues, cue_text, parse_srt, parse_vtt  # noqa: E402


@pytest.fixture
def meeting() -> Transcript:
    segs = [Segment(500, 2500, "大家好，今天讨论预算。", speaker=0), Segment(2600, 4000, "好的。", speaker=0),
            Segment(4200, 7000, "我先说一下上个月的开支情况。", speaker=1), Segment(7100, 9000, "请继续。", speaker=0),
            Segment(3_600_500, 3_602_000, "散会。", speaker=2)]
    return Transcript(source="/no/such/周会.wav", duration_ms=3_603_000, segments=segs, speakers={1: "李四"})


def read_all(paths: list[Path]) -> dict[str, str]:
    out = {}
    for p in paths:
        fmt = p.suffix[1:]
        if fmt == "docx":
            out[fmt] = subprocess.run(["pandoc", "-s", "-f", "docx", "-t", "plain", "--wrap=none", str(p)],
                                      capture_output=True, text=True, check=True).stdout
        else:
            out[fmt] = p.read_text("utf-8")
    return out


def test_every_format_names_speakers_and_renaming_reaches_all(meeting: Transcript, tmp_path: Path) -> None:
    assert shutil.which("pandoc"), "pandoc missing: packaging/apt-deps.sh test installs it"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = read_all(write_all(meeting, tmp_path / "a", FORMATS))
    for fmt, text in before.items():
        assert "李四" in text and "说话人1" in text, fmt
    meeting.speakers[0] = "张三"
    after = read_all(write_all(meeting, tmp_path / "b", FORMATS))
    for fmt, text in after.items():
        assert "张三" in text and "说话人1" not in text and text != before[fmt], fmt


def test_txt_is_one_paragraph_per_turn(meeting: Transcript) -> None:
    from models.export.formats import render

    paras = render(meeting, "txt").split("\n\n")
    assert paras[0] == "[00:00:00] 说话人1：大家好，今天讨论预算。好的。"
    assert paras[1].startswith("[00:00:04] 李四：") and paras[3].startswith("[01:00:00] 说话人3：")
    assert len(paras) == 4


def test_minutes_layout_in_markdown_and_docx(meeting: Transcript, tmp_path: Path) -> None:
    got = read_all(write_all(meeting, tmp_path, ["md", "docx"]))
    for fmt, text in got.items():
        for part in ("周会", "日期", "时长", "01:00:03", "参会人", "说话人1、李四、说话人3", "00:00:07", "请继续。"):
            assert part in text, (fmt, part)
        order = [text.index(s) for s in ("大家好", "上个月", "请继续", "散会")]
        assert order == sorted(order), fmt
    assert "**李四** `00:00:04`：我先说一下上个月的开支情况。" in got["md"]


def test_subtitles_parse_strictly_and_in_ffmpeg(meeting: Transcript, tmp_path: Path) -> None:
    srt_path, vtt_path = write_all(meeting, tmp_path, ["srt", "vtt"])
    srt = parse_srt(srt_path.read_text("utf-8"))
    vtt = parse_vtt(vtt_path.read_text("utf-8"))
    check_cues(srt, duration_ms=meeting.duration_ms, max_cue_ms=7000)
    check_cues(vtt, duration_ms=meeting.duration_ms, max_cue_ms=7000)
    assert srt[2].lines[0].startswith("李四：") and vtt[2].lines[0].startswith("<v 李四>")
    assert cue_text(srt).replace("说话人1：", "").replace("李四：", "").replace("说话人3：", "") == meeting.text
    for path, cues in ((srt_path, srt), (vtt_path, vtt)):
        with av.open(str(path)) as c:
            stream = c.streams.subtitles[0]
            decoded = [(p.pts, bytes(sub.dialogue).decode("utf-8")) for p in c.demux(stream) if p.pts is not None
                       for sub in p.decode()]
        assert [pts for pts, _ in decoded] == [cue.start_ms for cue in cues]
        # FFmpeg reads the VTT voice span as markup (the name is not shown as text); SRT keeps "李四：" as text
        assert decoded[2][1].startswith("李四：" if path.suffix == ".srt" else "我先说")


def test_json_has_spk_and_names(meeting: Transcript, tmp_path: Path) -> None:
    (path,) = write_all(meeting, tmp_path, ["json"])
    d = json.loads(path.read_text("utf-8"))
    assert [s["spk"] for s in d["segments"]] == [0, 0, 1, 0, 2]
    assert [s["speaker"] for s in d["segments"]][2] == "李四"
    assert d["speakers"] == {"0": "说话人1", "1": "李四", "2": "说话人3"}
    assert Transcript.from_dict(d).segments == meeting.segments
