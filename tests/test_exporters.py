"""models/export/formats.py: TXT/SRT/VTT/JSON rendering checked by the strict parsers in tests/subtitles.py; atomic writes."""
from __future__ import annotations

import errno
import json
import os
import random
from pathlib import Path

import pytest

from models.core.words import token_positions
from models.core import atomic
from models.export import formats as exporters
from models.core.errors import ExportError
from models.export.formats import FORMATS, make_cues, render, text_width, write, write_all
from models.core.transcript import Segment, Transcript
from subtitles import SubtitleError, check_cues, cue_text, parse_srt, parse_vtt, width

PUNCT = "，。？！、；："


# ------------------------------------------------------------------------------------------------ transcript builders
def timed_segment(text: str, start_ms: int, ms_per_token: int = 200, gap_ms: int = 0) -> Segment:
    """A segment whose tokens are the hanzi / Latin words of text, each ms_per_token long."""
    tokens: list[str] = []
    word = ""
    for c in text:
        if c.isascii() and c.isalnum():
            word += c
            continue
        if word:
            tokens.append(word.lower())
            word = ""
        if c.isalnum():
            tokens.append(c)
    if word:
        tokens.append(word.lower())
    times, t = [], start_ms
    for _ in tokens:
        times.append((t, t + ms_per_token))
        t += ms_per_token + gap_ms
    return Segment(start_ms, t, text, tuple(tokens), tuple(times))


def long_sentence(n_tokens: int, seed: int = 1) -> str:
    """n_tokens hanzi with punctuation after every 4-13 of them, ending with 。"""
    rng = random.Random(seed)
    hanzi = "我们今天来聊一聊天气音乐还有最近看过的好书欢迎大家体验达摩院推出语音识别模型广州市房地产中介协会分析"
    out, since = [], 0
    for i in range(n_tokens):
        out.append(rng.choice(hanzi))
        since += 1
        if i == n_tokens - 1:
            out.append("。")
        elif since >= rng.randint(4, 13):
            out.append(rng.choice("，，，、；。？！"))
            since = 0
    return "".join(out)


@pytest.fixture
def seg30() -> Segment:
    """One 30-s segment of 150 tokens with token timestamps."""
    s = timed_segment(long_sentence(150), start_ms=1000, ms_per_token=200)
    assert len(s.tokens) == 150 and s.end_ms - s.start_ms == 30_000
    return s


@pytest.fixture
def transcript(seg30: Segment) -> Transcript:
    no_times = long_sentence(60, seed=2)
    segs = [
        timed_segment("欢迎大家来体验达摩院推出的语音识别模型。", 0, 50),
        seg30,
        Segment(31_500, 43_500, no_times),  # no token timestamps: proportional split
        timed_segment("我们用Python和PyTorch做ASR，效果很好，OK吗？", 44_000, 250),
        Segment(50_000, 52_000, "supercalifragilisticexpialidocious-antidisestablishmentarianism words here."),
        Segment(52_000, 52_000, "   "),  # empty text: no cue
        Segment(52_500, 53_000, "。"),  # punctuation only: no cue
        Segment(53_000, 54_000, "好的", ("不", "对"), ((53_000, 53_500), (53_500, 54_000))),  # tokens disagree
    ]
    return Transcript(source="/data/会议 录音.m4a", duration_ms=55_000, segments=segs, model="test", device="cpu",
                      precision="int8")


def stripped(text: str) -> str:
    return "".join(text.split())


def check_subtitles(t: Transcript, **opts: int) -> list:
    srt = render(t, "srt", **opts)
    vtt = render(t, "vtt", **opts)
    limits = dict(max_chars=20, max_lines=2, max_cue_ms=7000) | opts
    cues = parse_srt(srt)
    check_cues(cues, duration_ms=t.duration_ms, **limits)
    vcues = parse_vtt(vtt)
    assert [(c.start_ms, c.end_ms, c.lines) for c in vcues] == [(c.start_ms, c.end_ms, c.lines) for c in cues]
    kept = [s for s in t.segments if any(ch.isalnum() for ch in s.text)]
    assert cue_text(cues) == stripped("".join(s.text for s in kept))
    return cues


# ------------------------------------------------------------------------------------------------------------ render
def test_every_format_writes_its_file(transcript: Transcript, tmp_path: Path) -> None:
    # The four the README promises must be there; whatever else FORMATS lists must write a file too.
    assert {"txt", "srt", "vtt", "json"} <= set(FORMATS)
    for fmt in FORMATS:
        path = write(transcript, tmp_path / f"t.{fmt}")
        assert path.suffix == f".{fmt}" and path.stat().st_size > 0
    with pytest.raises(ExportError):
        render(transcript, "doc")


def test_width_rule_matches_validator() -> None:
    for s in ("汉字", "abc def", "，。", "ok，好", "ＡＢ", "é"):
        assert text_width(s) == width(s)
    assert text_width("汉字") == 2 and text_width("ab") == 1


def test_all_formats_valid(transcript: Transcript) -> None:
    cues = check_subtitles(transcript)
    assert len(cues) >= 10
    assert parse_srt(render(transcript, "srt"))[0].start_ms == 0


@pytest.mark.parametrize("opts", [dict(max_chars=10), dict(max_lines=1), dict(max_cue_ms=3000),
                                  dict(max_chars=8, max_lines=3, max_cue_ms=2500), dict(max_chars=42, max_cue_ms=10_000)])
def test_limits_respected(transcript: Transcript, opts: dict) -> None:
    check_subtitles(transcript, **opts)


def test_long_segment_cues_follow_token_times(seg30: Segment) -> None:
    t = Transcript(source="a.wav", duration_ms=32_000, segments=[seg30])
    cues = check_subtitles(t)
    assert len(cues) >= 4
    starts = {a for a, _ in seg30.token_ms}
    ends = {b for _, b in seg30.token_ms}
    assert cues[0].start_ms == seg30.start_ms and cues[-1].end_ms == seg30.end_ms
    for c in cues:
        assert c.start_ms in starts and c.end_ms in ends
        # the tokens spoken during the cue are exactly the cue's text (without punctuation)
        spoken = "".join(tok for tok, (a, _) in zip(seg30.tokens, seg30.token_ms) if c.start_ms <= a < c.end_ms)
        assert spoken == "".join(ch for ch in stripped(c.text) if ch not in PUNCT)
    # every phrase of this sentence fits a cue, so every cue ends at punctuation
    assert all(c.lines[-1][-1] in PUNCT for c in cues)


def test_lines_break_after_punctuation() -> None:
    text = "今天天气很好我们去公园，然后一起去吃饭吧。"  # 11 + 10 wide: two lines, broken at the comma
    t = Transcript(source="a.wav", duration_ms=10_000, segments=[timed_segment(text, 0, 100)])
    (cue,) = check_subtitles(t, max_chars=12)
    assert cue.lines == ("今天天气很好我们去公园，", "然后一起去吃饭吧。")


def test_no_timestamps_split_proportionally() -> None:
    text = long_sentence(60, seed=3)
    t = Transcript(source="a.wav", duration_ms=20_000, segments=[Segment(2_000, 14_000, text)])
    cues = check_subtitles(t)
    assert len(cues) >= 2 and cues[0].start_ms == 2_000 and cues[-1].end_ms == 14_000
    # proportional: a cue's share of the time matches its share of the characters
    total = width(stripped(text))
    for c in cues:
        share = width(stripped(c.text)) / total * 12_000
        assert abs((c.end_ms - c.start_ms) - share) < 400


def test_latin_words_are_not_split() -> None:
    seg = timed_segment("我们用Python和PyTorch做ASR，效果很好，Transformer模型也OK。", 0, 300)
    t = Transcript(source="a.wav", duration_ms=20_000, segments=[seg])
    cues = check_subtitles(t, max_chars=6)
    words = [w for c in cues for w in ("Python", "PyTorch", "ASR", "Transformer", "OK") if w in c.text]
    assert sorted(words) == sorted(["Python", "PyTorch", "ASR", "Transformer", "OK"])


def test_timing_edge_cases() -> None:
    segs = [
        Segment(0, 0, "零长度。"),  # zero length
        Segment(0, 3000, "和上一句重叠。"),  # overlaps the previous
        Segment(2500, 2600, "很短，但是有很多很多字需要显示出来。"),  # long text in 100 ms
        Segment(4000, 5000, "时间乱", ("时", "间", "乱"), ((4800, 4900), (4000, 4100), (5200, 4000))),
        Segment(8000, 20_000, "超过音频结尾的句子。"),  # ends after duration_ms
        Segment(9500, 9700, "最后。"),  # starts 200 ms before the end
    ]
    t = Transcript(source="a.wav", duration_ms=9_700, segments=segs)
    cues = check_subtitles(t)
    assert cues[-1].end_ms == 9_700


def test_single_token_longer_than_max_cue() -> None:
    seg = Segment(0, 20_000, "啊。", ("啊",), ((0, 20_000),))
    cues = check_subtitles(Transcript(source="a.wav", duration_ms=20_000, segments=[seg]))
    assert len(cues) == 1 and cues[0].end_ms - cues[0].start_ms == 7000


def test_random_transcripts_always_valid() -> None:
    rng = random.Random(7)
    pieces = list("我们今天天气音乐好书欢迎体验") + ["Python", "ok", "GPU", "2024", "x"] + list(PUNCT) + [" "]
    for _ in range(60):
        segs, t = [], rng.randint(0, 500)
        for _ in range(rng.randint(0, 6)):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
            dur = rng.randint(0, 15_000)
            if rng.random() < 0.5:
                seg = timed_segment(text, t, rng.randint(20, 400))
                assert token_positions(text.strip(), seg.tokens) is not None
                seg = Segment(seg.start_ms, max(seg.end_ms, t + dur // 4), seg.text, seg.tokens, seg.token_ms)
            else:
                seg = Segment(t, t + dur, text)
            segs.append(seg)
            t = seg.end_ms + rng.randint(-300, 2000)
        duration = max([s.end_ms for s in segs] + [1]) + rng.randint(-500, 500)
        tr = Transcript(source="r.wav", duration_ms=max(duration, 1), segments=segs)
        opts = dict(max_chars=rng.randint(4, 30), max_lines=rng.randint(1, 3), max_cue_ms=rng.randint(1500, 9000))
        check_subtitles(tr, **opts)


def test_empty_transcript() -> None:
    t = Transcript(source="a.wav", duration_ms=0)
    assert render(t, "txt") == ""
    assert render(t, "srt") == "" and parse_srt("") == []
    assert render(t, "vtt") == "WEBVTT\n" and parse_vtt("WEBVTT\n") == []
    assert Transcript.from_dict(json.loads(render(t, "json"))) == t


def test_txt_one_segment_per_line(transcript: Transcript) -> None:
    lines = render(transcript, "txt").splitlines()
    assert lines == [s.text.strip() for s in transcript.segments if s.text.strip()]


def test_json_round_trip(transcript: Transcript) -> None:
    text = render(transcript, "json")
    d = json.loads(text)
    assert d["format"] == "tingxie-transcript" and d["version"] == 1
    assert Transcript.from_dict(d) == transcript
    assert "欢迎大家" in text  # ensure_ascii=False
    assert text.count("\n") < 40  # one segment per line, not one number per line


def test_srt_vtt_layout() -> None:
    t = Transcript(source="a.wav", duration_ms=3_723_500,
                   segments=[Segment(3_723_000, 3_723_456, "一。"), Segment(3_723_456, 3_723_500, "二。")])
    assert render(t, "srt") == ("1\n01:02:03,000 --> 01:02:03,456\n一。\n\n"
                                "2\n01:02:03,456 --> 01:02:03,500\n二。\n")
    assert render(t, "vtt") == ("WEBVTT\n\n1\n01:02:03.000 --> 01:02:03.456\n一。\n\n"
                                "2\n01:02:03.456 --> 01:02:03.500\n二。\n")


def test_unknown_format() -> None:
    with pytest.raises(ExportError, match="Unknown export format"):
        render(Transcript(source="a.wav", duration_ms=0), "pdf")


def test_make_cues_rejects_bad_options(transcript: Transcript) -> None:
    with pytest.raises(ValueError):
        make_cues(transcript, max_chars=0)


# ---------------------------------------------------------------------------------------------------- the validators
@pytest.mark.parametrize("bad, words", [
    ("2\n00:00:00,000 --> 00:00:01,000\na\n", "expected 1"),
    ("1\n00:00:00.000 --> 00:00:01,000\na\n", "bad timing"),
    ("1\n0:00:00,000 --> 00:00:01,000\na\n", "bad timing"),
    ("1\n00:00:01,000 --> 00:00:01,000\na\n", "end"),
    ("1\n00:00:00,000 --> 00:00:02,000\na\n\n2\n00:00:01,000 --> 00:00:03,000\nb\n", "before the previous"),
    ("1\n00:00:00,000 --> 00:00:01,000\n", "no text"),
    ("1\n00:00:00,000 --> 00:00:01,000\n \n", "blank"),
    ("1\n00:00:00,000 --> 00:00:01,000\na\n2\n00:00:01,000 --> 00:00:02,000\nb\n", "-->"),
    ("1\n00:00:00,000 --> 00:00:01,000\na\n\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n", "extra blank"),
    ("1\n00:00:00,000 --> 00:00:01,000\na", "newline"),
    ("\ufeff1\n00:00:00,000 --> 00:00:01,000\na\n", "BOM"),
    ("1\r\n00:00:00,000 --> 00:00:01,000\r\na\r\n", "CR"),
    ("1\n00:61:00,000 --> 00:62:01,000\na\n", "out of range"),
])
def test_parse_srt_rejects(bad: str, words: str) -> None:
    with pytest.raises(SubtitleError, match=words):
        parse_srt(bad)


@pytest.mark.parametrize("bad, words", [
    ("1\n00:00:00.000 --> 00:00:01.000\na\n", "WEBVTT"),
    ("WEBVTT\n1\n00:00:00.000 --> 00:00:01.000\na\n", "blank line"),
    ("WEBVTT\n\n00:00:00,000 --> 00:00:01.000\na\n", "bad timing"),
    ("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\na\n", "end"),
    ("WEBVTT\n\n00:00.000 --> 00:02.000\na\n\n00:01.000 --> 00:03.000\nb\n", "before the previous"),
    ("WEBVTT\n\n3\n00:00:00.000 --> 00:00:01.000\na\n", "expected 1"),
])
def test_parse_vtt_rejects(bad: str, words: str) -> None:
    with pytest.raises(SubtitleError, match=words):
        parse_vtt(bad)


def test_check_cues_limits() -> None:
    cues = parse_srt("1\n00:00:00,000 --> 00:00:08,000\n一二三四五\nabcdefgh\n六\n")
    check_cues(cues)
    for kw, words in [(dict(duration_ms=7000), "after the audio"), (dict(max_cue_ms=7000), "lasts"),
                      (dict(max_lines=2), "lines"), (dict(max_chars=4), "wide")]:
        with pytest.raises(SubtitleError, match=words):
            check_cues(cues, **kw)
    assert cue_text(cues) == "一二三四五abcdefgh六"
    assert parse_vtt("WEBVTT\n\nNOTE hi\n\nid\n00:01.000 --> 00:02.500 align:start\nx\n")[0].end_ms == 2500


# ------------------------------------------------------------------------------------------------------------ write
def test_write_all_formats_atomic(tmp_path: Path, transcript: Transcript) -> None:
    paths = write_all(transcript, tmp_path, FORMATS)
    assert [p.name for p in paths] == [f"会议 录音.{f}" for f in FORMATS]
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in paths)  # no temp files left
    for p, f in zip(paths, FORMATS):
        raw = p.read_bytes()
        if f == "docx":  # a zip; its content is checked by pandoc in tests/speakers/test_minutes.py
            assert raw.startswith(b"PK\x03\x04")
            continue
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        assert raw.decode("utf-8") == render(transcript, f)
    umask = os.umask(0)
    os.umask(umask)
    assert paths[0].stat().st_mode & 0o777 == 0o666 & ~umask
    assert write_all(transcript, tmp_path, ["srt"], stem="x") == [tmp_path / "x.srt"]


def test_write_format_from_suffix(tmp_path: Path, transcript: Transcript) -> None:
    p = write(transcript, tmp_path / "a.VTT", max_chars=10)
    assert p.read_text("utf-8") == render(transcript, "vtt", max_chars=10)
    with pytest.raises(ExportError, match="Unknown export format"):
        write(transcript, tmp_path / "noext")


def test_write_missing_folder(tmp_path: Path, transcript: Transcript) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write(transcript, tmp_path / "nope" / "a.srt")


def test_write_parent_is_file(tmp_path: Path, transcript: Transcript) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="Not a folder"):
        write(transcript, tmp_path / "file" / "a.srt")
    with pytest.raises(ExportError, match="Not a folder"):
        write_all(transcript, tmp_path / "file", ["txt"])


def test_write_target_is_folder(tmp_path: Path, transcript: Transcript) -> None:
    (tmp_path / "a.srt").mkdir()
    with pytest.raises(ExportError, match="folder"):
        write(transcript, tmp_path / "a.srt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_write_read_only_folder(tmp_path: Path, transcript: Transcript) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write(transcript, ro / "a.txt")
    finally:
        ro.chmod(0o755)


def test_disk_full_keeps_old_file(tmp_path: Path, transcript: Transcript, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.srt"
    target.write_text("old", "utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(ExportError, match="disk space"):
        write(transcript, target)
    assert target.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["a.srt"]


def test_render_failure_keeps_old_file(tmp_path: Path, transcript: Transcript,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.srt"
    target.write_text("old", "utf-8")

    def broken(*a: object, **k: object) -> None:
        raise RuntimeError("render bug")

    monkeypatch.setattr(exporters, "make_cues", broken)
    with pytest.raises(RuntimeError):
        write(transcript, target)
    assert target.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["a.srt"]


def test_overwrite_keeps_mode(tmp_path: Path, transcript: Transcript) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    write(transcript, target)
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_text("utf-8") == render(transcript, "txt")
