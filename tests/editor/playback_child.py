"""Child process of test_playback.py: plays a clip through the editor on the PulseAudio null sink, prints JSON.

Run in its own process so Qt's audio backend starts with the test's private PulseAudio daemon (it connects once
per process). Prints {"start_ms", "first_moving_ms", "rows", "lags_ms", "advanced_ms", "error"}.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

STARTS = [0, 1200, 2200, 3200]  # four "sentences" over the 4.3 s clip


def main() -> None:
    app = QApplication([])
    from desktop.editor.editor_widget import TranscriptEditor
    from desktop.editor.player import Player
    from desktop.editor.sentence_model import TEXT
    from models.core.transcript import Segment
    from models.jobs.edits import EditStore
    from models.jobs.identity import FileIdentity
    from models.jobs.store import JobStore

    clip = Path(sys.argv[1])
    store = JobStore(Path(tempfile.mkdtemp()) / "h.db")
    with store.db.transaction() as c:
        jid = store.insert_row(c, FileIdentity.of(clip), {})
    segs = [Segment(s, e, f"第{i}句。", vad_index=i) for i, (s, e) in enumerate(zip(STARTS, STARTS[1:] + [4300]))]
    store.add_segments(jid, segs, len(segs), 4300)
    player = Player()
    ed = TranscriptEditor(EditStore(store.db), jid, clip, player=player)
    reports: list[tuple[float, int, int]] = []  # (monotonic s, reported ms, highlighted row after follow())
    player.position_changed.connect(lambda ms: reports.append((time.monotonic(), ms, ed.model.current)))
    errors: list[str] = []
    player.failed.connect(errors.append)
    ed.resize(600, 300)
    ed.show()
    out: dict[str, object] = {}

    def click() -> None:
        out["clicked_at"] = time.monotonic()
        rect = ed.view.visualRect(ed.model.index(1, TEXT))
        QTest.mouseClick(ed.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         QPoint(rect.center()))

    def check() -> None:
        if reports and reports[-1][1] >= 3700 or errors:
            player.media.pause()
            app.quit()
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(500, click)  # the source has loaded by then
    QTimer.singleShot(100, check)
    QTimer.singleShot(15_000, app.quit)
    app.exec()
    t_click = float(out.get("clicked_at", 0.0))
    after = [r for r in reports if r[0] >= t_click]
    moving = [r for r in after if r[1] > STARTS[1]]
    out = {"start_ms": STARTS[1], "error": "; ".join(errors), "reports": len(after),
           "first_reported_ms": after[0][1] if after else None,
           "first_moving_ms": moving[0][1] if moving else None,
           "advanced_ms": (after[-1][1] - after[0][1]) if after else 0}
    # The highlight lag: for each sentence start the audio crossed, when the reported position passed it (the
    # line fitted through the reports while the audio ran) and when the row was highlighted (the report whose
    # follow() switched the row). Both from the position signal's timestamps.
    run = [r for r in moving]
    rows, lags = [], []
    if len(run) >= 2:
        n = len(run)
        mt = sum(r[0] for r in run) / n
        mp = sum(r[1] for r in run) / n
        rate = sum((r[0] - mt) * (r[1] - mp) for r in run) / sum((r[0] - mt) ** 2 for r in run)  # ms per s
        for row, b in enumerate(STARTS):
            if b <= run[0][1] or b > run[-1][1]:
                continue
            crossed = mt + (b - mp) / rate
            shown = next(r[0] for r in run if r[2] == row)
            rows.append(row)
            lags.append(round((shown - crossed) * 1000, 1))
        out["rate_ms_per_s"] = round(rate, 1)
    out["rows"], out["lags_ms"] = rows, lags
    out["rows_seen"] = sorted({r[2] for r in after})
    print(json.dumps(out))
    store.close()


if __name__ == "__main__":
    main()
