#!/usr/bin/env python3
"""Screenshots of the issue 16/18 dialogs under a real X server with CJK fonts: the settings Text tab, the glossary
dialog (with a bad line), the batch results viewer and a batch transcript.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_text_batch_shots.py --out /tmp/tingxie-shots [--lang zh_CN]

Runs in temporary XDG folders (the user's settings are never touched). Prints the files written and the font
families Qt used for Chinese text; exit status 1 when Chinese is not drawn with a Chinese font.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def make_batch(out: Path) -> None:
    from models.batch.manifest import DONE, FAILED, PENDING, RUNNING, Manifest, Row
    from models.core.transcript import Segment, Transcript
    from models.export.formats import write

    def seg(a: int, b: int, text: str, spk: int) -> Segment:
        return Segment(a, b, text, tuple(text), tuple((a, b) for _ in text), vad_index=0, speaker=spk)

    (out / "2025").mkdir(parents=True)
    t = Transcript(source="/share/会议/2025/周一例会.wav", duration_ms=3_725_000, speakers={0: "王经理"},
                   device="cpu", precision="int8", backend="onnx", threads=4,
                   segments=[seg(0, 4200, "大家好，今天我们讨论第三季度的预算。", 0),
                             seg(4600, 9800, "好的，我先说一下市场部的情况，预计增长30%。", 1),
                             seg(10_200, 15_000, "Tingxie 的新版本下个月发布。", 0)])
    m = Manifest(out)
    rows = [("周一例会.wav", DONE, 3725.0, ""), ("客户访谈 片段.wav", DONE, 512.0, ""),
            ("lecture-notes.wav", DONE, 2710.0, ""), ("损坏的录音.mp3", FAILED, 0.0,
                                                     "Cannot read 损坏的录音.mp3: not an audio file."),
            ("产品评审会.mp4", RUNNING, 0.0, ""), ("采访录音 第二段.wav", PENDING, 0.0, "")]
    for name, status, secs, error in rows:
        stem = f"2025/{Path(name).stem}"
        outputs = [f"{stem}.json", f"{stem}.txt"] if status == DONE else []
        for o in outputs:
            write(t, out / o)
        m.put(Row(path=f"/share/会议/2025/{name}", key=f"/share/会议/2025/{name}", out=stem, status=status,
                  outputs=outputs, audio_s=secs, error=error))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    args = ap.parse_args()
    from tests.desktop.shotkit import isolated_app

    app, work = isolated_app(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)

    from desktop.batch.viewer import BatchResultsDialog
    from desktop.settings.dialog import SettingsDialog
    from desktop.settings.store import Key, Settings
    from tests.desktop.shotkit import font_families

    settings = Settings()
    settings.set_value(Key.TEXT_SCRIPT, "taiwan")
    shots: list[str] = []

    def grab(widget, name: str) -> None:
        widget.show()
        for _ in range(5):
            app.processEvents()
        path = args.out / f"{args.lang}-{name}.png"
        widget.grab().save(str(path))
        shots.append(str(path))

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False)
    dlg.tabs.setCurrentWidget(dlg.text_tab)
    grab(dlg, "settings-text")
    glossary = dlg.text_tab.open_glossary()
    glossary.edit.setPlainText("# 公司词表\nTingxie: 听写, 厅谢\n达摩院\nre: 第(\\d+期 => 第\\1期\n!not: 上下文\n")
    glossary.save()  # refused: line 4 is named
    grab(glossary, "glossary-error")
    glossary.edit.setPlainText(glossary.text().replace("第(\\d+期", "第(\\d+)期"))
    glossary.check()
    grab(glossary, "glossary-ok")
    fonts = {"glossary": font_families("听写词表", glossary.edit.font())}
    glossary.close()
    dlg.close()

    out = work / "batch-out"
    make_batch(out)
    viewer = BatchResultsDialog(out)
    grab(viewer, "batch-results")
    fonts["batch"] = font_families("周一例会", viewer.table.font())
    viewer.select_file("周一例会.wav")
    shown = viewer.open_transcript()
    grab(shown, "batch-transcript")
    ok = all(any(k in f for f in fams for k in ("CJK", "WenQuanYi", "Hei", "Han")) for fams in fonts.values())
    print(json.dumps({"shots": shots, "fonts": fonts, "ok": ok}, ensure_ascii=False, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
