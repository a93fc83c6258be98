"""`batch` without --cluster: one engine here, no Ray (blocked), resumable through the manifest (issue 18)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from batch.conftest import BAD, ENGINE_ARGS, cli, exports
from models.batch.manifest import DONE, FAILED, read_rows


@pytest.fixture
def no_ray(monkeypatch: pytest.MonkeyPatch, tiny_env: None) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError, as when it is not installed


def test_local_batch_matches_transcribe_and_reruns_nothing(batch_env: dict, reference: Path, no_ray: None,
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh-history"))  # not the reference's saved jobs
    out = tmp_path / "out"
    assert cli(["batch", str(batch_env["inputs"]), "-o", str(out), *ENGINE_ARGS]) == 1
    err = capsys.readouterr().err
    assert BAD in err and "not an audio file" in err
    assert exports(out) == exports(reference) and len(exports(out)) == 7 * 4
    rows = {Path(r.path).name: r for r in read_rows(out)}
    assert len(rows) == 8 and rows[BAD].status == FAILED and "not an audio file" in rows[BAD].error
    assert all(r.status == DONE and len(r.outputs) == 4 and r.audio_s > 0 for n, r in rows.items() if n != BAD)
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    assert (report["done"], report["failed"], report["skipped"]) == (7, 1, 0)
    assert report["failures"][0]["path"].endswith(BAD)
    assert "## Failures" in (out / "batch-report.md").read_text("utf-8")

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.srt")}
    assert cli(["batch", str(batch_env["inputs"]), "-o", str(out), *ENGINE_ARGS]) == 1
    again = {Path(r.path).name: r for r in read_rows(out)}
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.srt")} == before  # nothing re-transcribed or rewritten
    assert again[BAD].attempts == 2  # the failed one is retried
    assert all(again[n].attempts == 1 and again[n].finished_at == rows[n].finished_at for n in rows if n != BAD)
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    assert (report["done"], report["failed"], report["skipped"]) == (0, 1, 7)

    gone = next(out.glob("lecture.*"))  # a deleted output: that file (only) is done again
    gone.unlink()
    assert cli(["batch", str(batch_env["inputs"]), "-o", str(out), *ENGINE_ARGS]) == 1
    assert gone.is_file()
    assert json.loads((out / "batch-report.json").read_text("utf-8"))["done"] == 1


def test_cluster_without_ray_says_how_to_install(batch_env: dict, no_ray: None, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    rc = cli(["batch", str(batch_env["inputs"]), "-o", str(tmp_path / "o"), "--cluster", "local"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "pip install -e '.[cluster]'" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_settings_change_redoes_every_file(batch_env: dict, tmp_path: Path, no_ray: None) -> None:
    from models.batch.driver import BatchSpec, Driver
    from models.batch.local import LocalExecutor
    from models.options import EngineConfig

    def plan(formats: list[str]) -> list[str]:
        spec = BatchSpec([batch_env["inputs"] / "funasr_asr_example_16k.wav"], tmp_path, formats,
                         EngineConfig(device="cpu", precision="fp32", threads=1))
        d = Driver(spec)
        tasks = d.prepare()
        ex = LocalExecutor(spec.config, job_store=False)
        try:
            ex.run(d, tasks)
        finally:
            d.finish({})
            ex.close()
        return [Path(t.path).name for t in tasks]

    assert plan(["txt"]) == ["funasr_asr_example_16k.wav"]
    assert plan(["txt"]) == []
    assert plan(["txt", "srt"]) == ["funasr_asr_example_16k.wav"]  # other outputs = other settings
