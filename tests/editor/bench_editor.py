"""Benchmark helper (not a test): 3,000-sentence editor open/scroll/edit and search over 100 such transcripts.

    QT_QPA_PLATFORM=offscreen nice .venv/bin/python tests/editor/bench_editor.py
"""
import os, sys, time, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from PySide6.QtWidgets import QApplication
app = QApplication([])
from models.jobs.store import JobStore
from models.jobs.edits import EditStore
from models.jobs.search import search
from tests.editor.helpers import make_job, sentence
from desktop.editor.editor_widget import TranscriptEditor
d = Path(tempfile.mkdtemp()); store = JobStore(d / "h.db"); jid = make_job(store, d)
t = time.perf_counter()
store.add_segments(jid, [sentence(i, f"第{i}句，我们讨论一下这个季度的预算和人员安排。", 3600) for i in range(3000)], 3000, 0)
print("insert 3000 segments (triggers+FTS) s", round(time.perf_counter() - t, 3))
with store.db.transaction() as c:  # a glossary replacement in every 10th sentence (issue 16 highlight)
    c.execute("UPDATE segments SET replacements = '[[3, 5, \"预报\"]]' WHERE job_id = ? AND seq % 10 = 0", (jid,))
t = time.perf_counter(); ed = TranscriptEditor(EditStore(store.db), jid, None); ed.resize(900, 700); ed.show(); app.processEvents()
print("open 3000-sentence editor s", round(time.perf_counter() - t, 3))
empty = TranscriptEditor(EditStore(store.db), None, None); empty.resize(900, 700); empty.show(); app.processEvents()
t = time.perf_counter(); empty.open_job(jid, None); app.processEvents(); n_rep = empty.model.replacement_count()
print("main window switch to it (open_job + replacement count) s", round(time.perf_counter() - t, 3), "replacements", n_rep)
sb = ed.view.verticalScrollBar(); steps = []
for v in range(0, sb.maximum(), 20):
    t = time.perf_counter(); sb.setValue(v); ed.view.viewport().repaint(); steps.append(time.perf_counter() - t)
steps.sort()
print("scroll repaint ms/step mean", round(sum(steps) / len(steps) * 1000, 2), "p95", round(steps[int(len(steps) * .95)] * 1000, 2),
      "max", round(steps[-1] * 1000, 2), "steps", len(steps))
t = time.perf_counter()
for ms in range(0, 3000 * 3600, 3600 * 7):
    ed.follow(ms); app.processEvents()
print("follow() per position report ms", round((time.perf_counter() - t) / len(range(0, 3000 * 3600, 3600 * 7)) * 1000, 3))
t = time.perf_counter(); ed.edits.set_text(jid, 1500, "改过的句子。"); ed._reload(); print("edit+reload ms", round((time.perf_counter()-t)*1000, 1))
t = time.perf_counter(); ed.edits.split(jid, 10, 3); ed._reload(); print("split+reload ms", round((time.perf_counter()-t)*1000, 1))
for k in range(99): 
    j = make_job(store, d, f"m{k}.wav")
    store.add_segments(j, [sentence(i, f"第{i}句，我们讨论一下这个季度的预算和人员安排。", 3600) for i in range(3000)], 3000, 0)
for q in ("预", "预算", "预算和人员"):
    t = time.perf_counter(); h = search(store.db, q, limit=500); print(f"search {q!r} over 300k sentences ms", round((time.perf_counter()-t)*1000, 1), len(h))
print("db MiB", round(os.path.getsize(d / "h.db") / 2**20, 1))
for q in ("改过", "改", "改过的句"):
    t = time.perf_counter(); h = search(store.db, q); print(f"rare {q!r} ms", round((time.perf_counter()-t)*1000, 1), len(h))
