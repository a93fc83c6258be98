"""The Ray executor (`batch --cluster`): one actor per worker, each holding one warm Engine.

Ray is optional (`pip install -e '.[cluster]'`); nothing imports this module unless --cluster is given.

- Each actor loads its Engine once (CPU: `threads` = the CPUs it was given; `num_gpus` when --gpus-per-worker).
- Files go longest-first; each actor has `inflight` files submitted at once (a threaded actor), so the next file
  is already probed and queued while one decodes and the previous one's exports are written.
- A lost actor (killed, node gone) fails its in-flight calls with a RayActorError: the driver re-queues those
  files at the front, for the other actors; Ray restarts the actor (max_restarts) and it takes work again once
  a ping says it is warm. Ray's own task retries stay off (max_task_retries=0): one retry policy, the driver's,
  and the driver commits a file once (models/batch/work.py), so a retry never writes twice.
- Inputs and the output folder must be paths every node sees (a shared folder).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from collections import deque
from pathlib import Path
from typing import Any

from models.batch.work import Result, Task, run_file
from models.core.errors import TingxieError
from models.options import EngineConfig

log = logging.getLogger(__name__)

INSTALL_HINT = "--cluster needs Ray, which is not installed. Install it with: pip install -e '.[cluster]'"
NAMESPACE = "tingxie-batch"
ENV_PASSED = ("MODELSCOPE_CACHE", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


class ClusterUnavailable(TingxieError):
    """Ray is missing or the cluster cannot be reached."""


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ClusterUnavailable(INSTALL_HINT) from None
    return ray


class BatchWorker:
    """The actor body (wrapped with ray.remote at run time, so importing this module needs no Ray)."""

    def __init__(self, config: EngineConfig, name: str) -> None:
        self.config, self.name = config, name
        self.engine: Any = None
        self._lock = threading.Lock()  # a threaded actor: the first calls race to load

    def warm(self) -> str:
        """Load the engine if not yet (also after an actor restart); returns '<name>@<host>: <runtime>'."""
        with self._lock:
            if self.engine is None:
                from models.asr.engine import Engine

                engine = Engine(self.config)
                engine.load()
                self.engine = engine
        return f"{self.name}@{socket.gethostname()}: {self.engine.info.label()}"

    def run(self, task: Task, out_dir: str, formats: list[str], speakers: dict | None = None) -> Result:
        from models.speakers.options import SpeakerOptions

        self.warm()
        opts = SpeakerOptions.from_dict(speakers) if speakers else None
        return run_file(self.engine, task, Path(out_dir), formats, self.name, speakers=opts)


class RayExecutor:
    def __init__(self, config: EngineConfig, cluster: str = "local", workers: int = 0, gpus_per_worker: float = 0.0,
                 inflight: int = 2, max_restarts: int = 2) -> None:
        self.ray = import_ray()
        self.config, self.cluster, self.n = config, cluster, workers
        self.gpus, self.inflight, self.max_restarts = gpus_per_worker, max(1, inflight), max_restarts
        self.actors: list[Any] = []
        self.names: list[str] = []
        self.labels: list[str] = []
        self._owns_ray = False

    # ------------------------------------------------------------------------------------------ cluster
    def connect(self) -> dict[str, float]:
        """Start (local) or join (auto, ADDRESS) Ray unless this process already did; returns its resources."""
        ray = self.ray
        if not ray.is_initialized():
            kw: dict[str, Any] = {"namespace": NAMESPACE, "include_dashboard": False, "log_to_driver": False}
            try:
                if self.cluster == "local":
                    ray.init(**kw)
                else:
                    ray.init(address=self.cluster, **kw)
            except Exception as exc:  # ConnectionError, RuntimeError: what Ray says is the useful part
                raise ClusterUnavailable(f"cannot reach the Ray cluster {self.cluster!r}: {exc}") from None
            self._owns_ray = True
        return dict(ray.cluster_resources())

    def load(self) -> list[str]:
        """Start the actors and wait until each holds a warm engine; returns their runtime labels."""
        res = self.connect()
        cpus, gpus = int(res.get("CPU", 1)), float(res.get("GPU", 0))
        if self.gpus > 0 and gpus <= 0:
            raise ClusterUnavailable(f"--gpus-per-worker {self.gpus} but the cluster has no GPU")
        n = self.n or (int(gpus // self.gpus) if self.gpus else max(1, cpus // 4))
        threads = self.config.threads or max(1, cpus // n)
        cfg = EngineConfig(**{**self.config.__dict__, "threads": threads,
                              "device": "cuda" if self.gpus else self.config.device})
        env = {k: os.environ[k] for k in ENV_PASSED if k in os.environ}
        root = str(Path(__file__).resolve().parents[2])  # this checkout first, when it is on a shared path
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [os.environ.get("PYTHONPATH")])])
        remote = self.ray.remote(BatchWorker)
        for i in range(n):
            name = f"w{i}"
            self.actors.append(remote.options(
                name=f"tingxie-{os.getpid()}-{name}", namespace=NAMESPACE, num_cpus=threads, num_gpus=self.gpus,
                max_restarts=self.max_restarts, max_task_retries=0, max_concurrency=self.inflight + 1,
                runtime_env={"env_vars": env}).remote(cfg, name))
            self.names.append(name)
        try:
            self.labels = self.ray.get([a.warm.remote() for a in self.actors])
        except self.ray.exceptions.RayTaskError as exc:  # the engine's own error (models missing, ...)
            cause = exc.as_instanceof_cause()
            raise (cause if isinstance(cause, TingxieError) else ClusterUnavailable(str(cause))) from None
        return self.labels

    def workers(self) -> list[str]:
        return list(self.names)

    # ------------------------------------------------------------------------------------------ dispatch
    def run(self, driver: Any, tasks: list[Task]) -> None:
        ray = self.ray
        if not self.actors:
            self.load()
        pending: deque[Task] = deque(tasks)
        inflight: dict[Any, tuple[int, Task]] = {}
        pings: dict[Any, int] = {}
        count = [0] * len(self.actors)
        ready = [True] * len(self.actors)
        alive = [True] * len(self.actors)
        out_dir, formats = str(driver.out_dir), list(driver.spec.formats)
        spk = driver.spec.speakers.to_dict() if getattr(driver.spec, "speakers", None) is not None else None
        while pending or inflight:
            for slot in sorted((s for s in range(len(self.actors)) if alive[s] and ready[s]), key=lambda s: count[s]):
                while pending and count[slot] < self.inflight:
                    task = pending.popleft()
                    ref = self.actors[slot].run.remote(task, out_dir, formats, spk)
                    inflight[ref] = (slot, task)
                    count[slot] += 1
                    driver.started(task, self.names[slot])
            if not inflight and not pings:
                for task in pending:  # every actor is gone for good
                    driver.finished(task, Result(task.index, False, "-", "no Ray worker left to run it"))
                return
            done, _ = ray.wait([*inflight, *pings], num_returns=1)
            for ref in done:
                if ref in pings:
                    slot = pings.pop(ref)
                    try:
                        self.labels[slot] = ray.get(ref)
                        ready[slot] = True
                    except ray.exceptions.RayError as exc:
                        log.warning("worker %s is gone: %s", self.names[slot], type(exc).__name__)
                        alive[slot] = False
                    continue
                slot, task = inflight.pop(ref)
                count[slot] -= 1
                try:
                    result: Result = ray.get(ref)
                except ray.exceptions.RayTaskError as exc:  # raised inside run_file (not a file problem)
                    driver.finished(task, Result(task.index, False, self.names[slot], f"internal error: {exc}"))
                    continue
                except ray.exceptions.RayError as exc:  # the actor died with the file in flight
                    retry = driver.lost(task, self.names[slot], type(exc).__name__)
                    if retry is not None:
                        pending.appendleft(retry)  # to another actor: this one is not ready until its ping
                    if ready[slot] and alive[slot]:
                        ready[slot] = False
                        pings[self.actors[slot].warm.remote()] = slot
                    continue
                driver.finished(task, result)

    def close(self) -> None:
        for a in self.actors:
            try:
                self.ray.kill(a)
            except Exception:  # already dead
                pass
        self.actors.clear()
        if self._owns_ray:
            self.ray.shutdown()
