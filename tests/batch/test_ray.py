"""`batch --cluster` on a local Ray instance (127.0.0.1, 2 CPUs) with the tiny models (issue 18)."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
import ray

from batch.conftest import BAD, ENGINE_ARGS, LONG, cli, exports
from models.batch.manifest import DONE, FAILED, read_rows


@pytest.fixture(scope="module")
def ray_local(batch_env: dict):
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # loopback only; no token file in the home folder
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
             namespace="tingxie-batch-test")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_out(batch_env: dict, ray_local: None) -> Path:
    out = batch_env["base"] / "ray-out"
    assert cli(["batch", str(batch_env["inputs"]), "-o", str(out), *ENGINE_ARGS, "--cluster", "local",
                "--workers", "2"]) == 1
    return out


def test_two_workers_give_transcribe_outputs_and_report_the_bad_file(ray_out: Path, reference: Path) -> None:
    assert exports(ray_out) == exports(reference) and len(exports(ray_out)) == 7 * 4
    rows = {Path(r.path).name: r for r in read_rows(ray_out)}
    assert rows[BAD].status == FAILED and "not an audio file" in rows[BAD].error
    assert {r.worker for n, r in rows.items() if n != BAD} == {"w0", "w1"}  # both did work
    report = json.loads((ray_out / "batch-report.json").read_text("utf-8"))
    assert (report["done"], report["failed"]) == (7, 1)
    assert sorted(w["name"] for w in report["workers"]) == ["w0", "w1"]
    assert sum(w["files"] for w in report["workers"]) == 8


def test_rerun_transcribes_nothing_again(batch_env: dict, ray_out: Path, tiny_env: None) -> None:
    before = {n: (ray_out / n).stat().st_mtime_ns for n in exports(ray_out)}
    assert cli(["batch", str(batch_env["inputs"]), "-o", str(ray_out), *ENGINE_ARGS, "--cluster", "local",
                "--workers", "2"]) == 1
    assert {n: (ray_out / n).stat().st_mtime_ns for n in exports(ray_out)} == before and len(before) == 28
    report = json.loads((ray_out / "batch-report.json").read_text("utf-8"))
    assert (report["done"], report["failed"], report["skipped"]) == (0, 1, 7)


def test_killed_actor_loses_only_its_files_in_flight(batch_env: dict, ray_local: None, reference: Path,
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_env: None) -> None:
    from models.batch import driver as drv
    from models.batch.ray_runner import RayExecutor
    from models.options import EngineConfig

    committed: Counter[str] = Counter()
    real_commit = drv.commit

    def counting_commit(out_dir, task, result):  # what lands under the final names, and how often
        committed[Path(task.path).name] += 1
        return real_commit(out_dir, task, result)

    monkeypatch.setattr(drv, "commit", counting_commit)
    cfg = EngineConfig(device="cpu", precision="fp32", threads=1)
    ex = RayExecutor(cfg, "local", workers=2, inflight=2)
    state: dict = {}

    def on_event(kind: str, task, x) -> None:
        if kind == "started" and Path(task.path).name == LONG and "long_on" not in state:
            state["long_on"] = x
        if kind == "finished" and "killed" not in state:  # the first file is done: kill the long file's actor
            state["killed"] = state["long_on"]
            ray.kill(ex.actors[ex.names.index(state["killed"])], no_restart=False)

    d = drv.Driver(drv.BatchSpec([batch_env["inputs"]], tmp_path, ["txt", "srt", "vtt", "json"], cfg),
                   on_event=on_event)
    try:
        tasks = d.prepare()
        assert Path(tasks[0].path).name == LONG  # longest first
        ex.load()
        ex.run(d, tasks)
    finally:
        d.finish({"cluster": "local"})
        ex.close()
    good = {p.name for p in batch_env["inputs"].iterdir()} - {BAD}
    assert committed == Counter({n: 1 for n in good})  # every good file exactly once
    rows = {Path(r.path).name: r for r in read_rows(tmp_path)}
    assert rows[LONG].status == DONE and rows[LONG].attempts == 2
    assert rows[LONG].worker != state["killed"]  # retried on the other worker
    assert d.progress.retried >= 1 and d.progress.done == 7 and d.progress.failed == 1
    assert exports(tmp_path) == exports(reference)
    assert not list(tmp_path.rglob("*.tmp")) and not (tmp_path / ".tingxie-batch" / "staging").exists()
