"""Edits in the job database: text, split/join, revert, undo/redo across reopen, live segments, exports, search."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from models.export import formats
from models.jobs.edits import EditConflict, EditStore, edited_transcript
from models.jobs.search import search
from models.jobs.store import JobStore
from tests.editor.helpers import add, make_job

TEXTS = ["今天开会，讨论预算。", "预算要减少一半。", "大家有什么意见？"]


@pytest.fixture
def store(tmp_path: Path):
    s = JobStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def test_edit_keeps_original_segment_and_retimes(store: JobStore, tmp_path: Path) -> None:
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS)
    edits = EditStore(store.db)
    edits.set_text(jid, 1, "预算要减少三分之一。")
    s = edits.sentences(jid)
    assert [x.text for x in s] == [TEXTS[0], "预算要减少三分之一。", TEXTS[2]]
    assert s[1].original == TEXTS[1] and s[1].edited and not s[0].edited
    assert [x.text for x in store.segments(jid)] == TEXTS  # the recogniser's output is untouched
    times = edits.times(jid, 1)
    assert len(times) == len("预算要减少三分之一。")
    assert times[:5] == [(2000 + 100 * k, 2100 + 100 * k) for k in range(5)]  # kept characters keep their times
    assert all(a <= b for a, b in times) and [a for a, _ in times] == sorted(a for a, _ in times)
    assert all(2000 <= a <= b <= 2800 for a, b in times)


def test_split_join_revert_and_undo_redo_survive_reopen(store: JobStore, tmp_path: Path) -> None:
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS)
    edits = EditStore(store.db)
    edits.split(jid, 0, 5)  # after "今天开会，"
    assert [x.text for x in edits.sentences(jid)] == ["今天开会，", "讨论预算。", TEXTS[1], TEXTS[2]]
    left, right = edits.sentences(jid)[:2]
    assert left.end_ms == right.start_ms == 400  # the cut lands on the time of "讨"
    assert right.original == "讨论预算。"
    edits.join(jid, 2)
    edits.set_text(jid, 0, "今天开大会，")
    path = store.path
    store.close()

    reopened = JobStore(path)
    edits = EditStore(reopened.db)
    assert [e.label for e in edits.history(jid)] == ["split", "join", "edit"]
    assert edits.undo(jid) and edits.undo(jid)
    assert [x.text for x in edits.sentences(jid)] == ["今天开会，", "讨论预算。", TEXTS[1], TEXTS[2]]
    reopened.close()
    again = JobStore(path)
    edits = EditStore(again.db)
    assert [e.undone for e in edits.history(jid)] == [False, True, True]
    assert edits.redo(jid)
    assert [x.text for x in edits.sentences(jid)] == ["今天开会，", "讨论预算。", TEXTS[1] + TEXTS[2]]
    edits.set_text(jid, 1, "讨论支出。")  # a new edit drops the redo side
    assert [e.label for e in edits.history(jid)] == ["split", "join", "edit"]
    assert not edits.redo(jid)
    edits.revert(jid, 1)
    assert edits.sentences(jid)[1].text == "讨论预算。"
    assert [e.label for e in edits.history(jid)][-1] == "revert"
    while edits.undo(jid):
        pass
    assert [(x.text, x.original) for x in edits.sentences(jid)] == [(t, t) for t in TEXTS]
    assert again.integrity_check() == "ok"
    again.close()


def test_typing_pauses_merge_into_one_undo_step(store: JobStore, tmp_path: Path) -> None:
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS)
    edits = EditStore(store.db)
    for text in ("预算要", "预算要减", "预算要减半。"):
        edits.set_text(jid, 1, text, merge_key="typing-1")
    edits.set_text(jid, 2, "没有意见。", merge_key="typing-2")
    assert len(edits.history(jid)) == 2
    edits.undo(jid)
    edits.undo(jid)
    assert [x.text for x in edits.sentences(jid)] == TEXTS


def test_edits_kept_while_segments_keep_arriving(store: JobStore, tmp_path: Path) -> None:
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS[:2])
    edits = EditStore(store.db)
    edits.split(jid, 0, 5)
    edits.set_text(jid, 2, "改过的第二句。")
    add(store, jid, 2, [TEXTS[2], "下次再说。"])  # the worker commits the next sentences meanwhile
    assert [x.text for x in edits.sentences(jid)] == ["今天开会，", "讨论预算。", "改过的第二句。", TEXTS[2], "下次再说。"]
    assert edits.undo(jid) and edits.undo(jid)  # undo still lands on the right sentences
    assert [x.text for x in edits.sentences(jid)] == TEXTS + ["下次再说。"]
    assert [x.start_ms for x in edits.sentences(jid)] == [0, 2000, 4000, 6000]


def test_reset_for_a_new_transcription_drops_stale_edits(store: JobStore, tmp_path: Path) -> None:
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS)
    edits = EditStore(store.db)
    edits.set_text(jid, 0, "旧的改动。")
    store.reset(jid)
    assert edits.sentences(jid) == [] and edits.history(jid) == []
    add(store, jid, 0, TEXTS[:1])
    assert [x.text for x in edits.sentences(jid)] == TEXTS[:1]
    edits.replace_many(jid, [(0, "新")])
    store.db.conn.execute("UPDATE sentences SET text = 'x'")  # the sentence changed under the log
    with pytest.raises(EditConflict):
        edits.undo(jid)
    assert [x.text for x in edits.sentences(jid)] == ["x"]  # nothing half-applied


def test_exports_use_edited_text_and_json_keeps_both(store: JobStore, tmp_path: Path) -> None:
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS)
    edits = EditStore(store.db)
    edits.set_text(jid, 1, "预算不变。")
    t = edited_transcript(store, jid)
    assert "预算不变。" in t.text and TEXTS[1] not in t.text
    srt = formats.render(t, "srt")
    assert "预算不变" in srt and "减少一半" not in srt
    cues = formats.make_cues(t)
    assert any("预算不变" in "".join(c.lines) and c.start_ms >= 2000 for c in cues)  # re-timed tokens still match the text
    d = json.loads(formats.render(t, "json", originals=edits.originals(jid)))
    assert [(s["text"], s["original_text"], s["edited"]) for s in d["segments"]] == [
        (TEXTS[0], TEXTS[0], False), ("预算不变。", TEXTS[1], True), (TEXTS[2], TEXTS[2], False)]
    assert "original_text" not in json.loads(formats.render(t, "json"))["segments"][0]
    seg = t.segments[1]
    assert seg.tokens == tuple("预算不变") and len(seg.token_ms) == 4


def test_search_one_two_and_three_plus_characters(store: JobStore, tmp_path: Path) -> None:
    a = make_job(store, tmp_path, "a.wav")
    b = make_job(store, tmp_path, "b.wav")
    add(store, a, 0, TEXTS)
    add(store, b, 0, ["明天不开会。", "预算已经批了。"])
    EditStore(store.db).set_text(b, 0, "明天开董事会。")
    hits = {(h.job_id, h.index) for h in search(store.db, "预算")}  # 2 characters: fallback
    assert hits == {(a, 0), (a, 1), (b, 1)}
    hits = {(h.job_id, h.index, h.start_ms) for h in search(store.db, "会")}  # 1 character
    assert hits == {(a, 0, 0), (b, 0, 0)}
    hits = search(store.db, "董事会")  # 3 characters: FTS5 trigram, sees the edited text
    assert [(h.job_id, h.index, h.path.name) for h in hits] == [(b, 0, "b.wav")]
    assert "董事会" in hits[0].context
    assert search(store.db, "不开会") == []  # the edit replaced it
    assert search(store.db, '"') == [] and search(store.db, "  ") == []


def test_old_schema_2_database_is_migrated(tmp_path: Path) -> None:
    from models.jobs import db as dbmod
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for step in dbmod.MIGRATIONS[:2]:
        if callable(step):
            step(conn)
        else:
            for sql in step:
                conn.execute(sql)
    conn.execute("INSERT INTO jobs (uid, path, size, mtime_ns, head_sha256, created_at, updated_at) "
                 "VALUES ('u', x'2f61', 1, 1, 'h', 0, 0)")
    for i, t in enumerate(TEXTS):
        conn.execute("INSERT INTO segments VALUES (1, ?, 0, ?, ?, ?, '[]', '[]')", (i, i * 1000, i * 1000 + 500, t))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    store = JobStore(path)
    assert store.db.version() == dbmod.schema_version() >= 3
    assert [s.text for s in EditStore(store.db).sentences(1)] == TEXTS
    assert [h.index for h in search(store.db, "有什么")] == [2]
    store.close()
