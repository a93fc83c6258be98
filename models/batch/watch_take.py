"""From a complete file in a watched folder to a batch Task: which output folder it belongs to, its output name,
and whether the manifest says it still needs work.

Each output folder has one batch Driver (its lock, manifest and staging), opened for as long as the watch runs.
Several watched folders may share one output folder when their settings agree. "Next to the recording" is the
watched folder itself as output folder: the manifest and the exports then live beside the recordings.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.batch.driver import BatchSpec, Driver
from models.batch.sources import Input
from models.batch.work import Task
from models.core.errors import TingxieError
from models.options import EngineConfig

log = logging.getLogger(__name__)


@dataclass
class WatchRoute:
    """One watched folder and what its recordings become."""

    folder: Path
    out_dir: Path | None  # None: next to the recording (the watched folder holds the exports and the manifest)
    formats: list[str]
    speakers: Any = None  # models.speakers.options.SpeakerOptions, or None: off
    text: Any = None  # models.text.pipeline.TextOptions, or None: no text steps (as `batch`)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder).absolute()
        self.out_dir = Path(self.out_dir).absolute() if self.out_dir else None

    @property
    def target(self) -> Path:
        return self.out_dir or self.folder


@dataclass
class Taken:
    """A planned file: the driver that commits it and its task."""

    route: WatchRoute
    driver: Driver
    task: Task


@dataclass
class Taker:
    routes: list[WatchRoute]
    config: EngineConfig = field(default_factory=EngineConfig)
    store: Any = None  # a ModelStore over another cache (tests)
    on_line: Callable[[str], None] = lambda _s: None

    def __post_init__(self) -> None:
        self.drivers: dict[Path, Driver] = {}

    def open(self) -> None:
        """Open one driver per output folder (lock + manifest). Raises TingxieError; nothing stays open then."""
        by_target: dict[Path, WatchRoute] = {}
        for r in self.routes:
            if not r.folder.is_dir():
                raise TingxieError(f"{r.folder} is not a folder")
            first = by_target.setdefault(r.target, r)
            if (sorted(first.formats), first.speakers, first.text) != (sorted(r.formats), r.speakers, r.text):
                raise TingxieError(f"{first.folder} and {r.folder} write to {r.target} with different settings; "
                                   "give them separate output folders")
        try:
            for target, r in by_target.items():
                driver = Driver(BatchSpec([], target, r.formats, self.config, self.store, r.speakers, r.text),
                                on_line=self.on_line)
                driver.open()
                self.drivers[target] = driver
        except TingxieError:
            self.close({})
            raise

    def route_of(self, path: Path) -> WatchRoute | None:
        """The route whose folder holds path (the deepest one when watched folders nest)."""
        best: WatchRoute | None = None
        for r in self.routes:
            if path.is_relative_to(r.folder) and (best is None or len(r.folder.parts) > len(best.folder.parts)):
                best = r
        return best

    def take(self, paths: list[Path]) -> list[Taken]:
        """Plan complete files: those the manifest has not done with these settings, each marked pending.
        A file that failed and has not changed since is not taken again (no retry loop)."""
        groups: dict[Path, list[tuple[WatchRoute, Input]]] = {}
        chosen: dict[Path, set[str]] = {}  # stems given in this call, not yet in the manifest
        for p in paths:
            route = self.route_of(Path(p))
            if route is None:
                continue
            driver = self.drivers[route.target]
            stem = self._stem(driver, route, Path(p), chosen.setdefault(route.target, set()))
            groups.setdefault(route.target, []).append((route, Input(Path(p), stem)))
        taken: list[Taken] = []
        for target, items in groups.items():
            driver = self.drivers[target]
            routes = {os.path.realpath(i.path): r for r, i in items}
            for task in driver.plan([i for _r, i in items], retry_failed=False):
                taken.append(Taken(routes[os.path.realpath(task.path)], driver, task))
        return taken

    def close(self, meta: dict[str, Any]) -> None:
        """Finish every driver: unfinished files back to pending, a report per output folder, locks released."""
        drivers, self.drivers = list(self.drivers.values()), {}
        for d in drivers:
            d.finish({**meta, "cluster": "none", "watch": True})

    def _stem(self, driver: Driver, route: WatchRoute, path: Path, chosen: set[str]) -> str:
        """The output stem: the path below the watched folder without extension; a file seen before keeps its
        stem; another file that would write the same outputs gets "name.ext", then "name.ext~2", ..."""
        key = os.path.realpath(path)
        row = driver.manifest.get(key)
        if row is not None:
            return row.out
        rel = path.relative_to(route.folder).with_suffix("").as_posix()
        used = {r.out.casefold() for r in driver.manifest.rows.values()} | chosen
        name = rel
        if name.casefold() in used:
            base = name = f"{rel}{path.suffix}"
            n = 1
            while name.casefold() in used:
                n += 1
                name = f"{base}~{n}"
        chosen.add(name.casefold())
        return name
