"""The model store: status, verify, resolve, download, import, repair (models/store/layout.py: where the folders
are)."""
from __future__ import annotations

import enum
import logging
import os
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from models.store import hub
from models.store import integrity
from models.core import paths
from models.core.errors import Cancelled, DownloadError, ModelError, ModelMissingError
from models.store.integrity import MANIFEST_NAME, Problem
from models.store.layout import (candidate_dirs, check_disk_space, copy_tree, dir_size, find_model_folder, has_entries,
                                 hub_root, link_or_copy, snapshot_dir, swap_into_place)
from models.core.registry import ModelSpec

__all__ = ["MANIFEST_NAME", "ModelState", "ModelStatus", "ModelStore", "describe"]

log = logging.getLogger(__name__)

# How the user-facing messages name the CLI; the model manager offers the same actions as buttons.
CLI_DOWNLOAD = "python main.py models download {key}"
CLI_IMPORT = "python main.py models import PATH --as {key}"
CLI_REPAIR = "python main.py models repair {key}"


class ModelState(str, enum.Enum):
    MISSING = "missing"  # nothing there
    PARTIAL = "partial"  # some files there, some missing or half-downloaded: download again to finish
    READY = "ready"
    BROKEN = "broken"  # all there, but a file is damaged: repair


@dataclass(frozen=True)
class ModelStatus:
    spec: ModelSpec
    state: ModelState
    path: Path
    problems: list[str] = field(default_factory=list)
    size_bytes: int = 0

    @property
    def ready(self) -> bool:
        return self.state is ModelState.READY


def _state(problems: list[Problem], spec: ModelSpec) -> ModelState:
    if not problems:
        return ModelState.READY
    if any(p.kind == "broken" for p in problems):
        return ModelState.BROKEN
    if sum(p.kind == "missing" for p in problems) == len(spec.required_files):
        return ModelState.MISSING
    return ModelState.PARTIAL


# ---------------------------------------------------------------- the store

class ModelStore:
    """The models on this machine, in the ModelScope cache; see the module docstring for the layout."""

    def __init__(self, cache_root: Path | None = None) -> None:
        self.root = Path(cache_root) if cache_root is not None else paths.modelscope_cache()
        self.hub_root = hub_root(self.root)
        self.probe_timeout_s = 3.0  # connect timeout of the reachability probe before a download

    # -- where
    def candidate_dirs(self, spec: ModelSpec) -> list[Path]:
        return candidate_dirs(spec, self.root)

    def download_dir(self, spec: ModelSpec) -> Path:
        return snapshot_dir(spec, self.root)

    def model_dir(self, spec: ModelSpec) -> Path:
        """The folder in use (or the best incomplete one), else where a download would put it."""
        return self.status(spec).path

    # -- state
    def status(self, spec: ModelSpec) -> ModelStatus:
        """Fast (stat calls, a zip directory, small config files): fine to call for every model at startup."""
        fallback: ModelStatus | None = None
        for folder in self.candidate_dirs(spec):
            if not has_entries(folder):
                continue
            problems = integrity.check_folder(spec, folder)
            st = ModelStatus(spec, _state(problems, spec), folder, [p.message for p in problems], dir_size(folder))
            if st.ready:
                return st
            if fallback is None or (fallback.state is ModelState.MISSING and st.state is not ModelState.MISSING):
                fallback = st
        if fallback is not None:
            return fallback
        target = self.download_dir(spec)
        missing = [p.message for p in integrity.check_folder(spec, target)]
        return ModelStatus(spec, ModelState.MISSING, target, missing, 0)

    def verify(self, spec: ModelSpec, deep: bool = False, path: Path | None = None) -> list[str]:
        """Problems of the model's folder (or `path`), each naming the file. deep: checksums, torch.load."""
        folder = path if path is not None else self.status(spec).path
        return [p.message for p in integrity.check_folder(spec, folder, deep=deep)]

    def resolve(self, spec: ModelSpec) -> Path:
        """The folder to load `spec` from. Never touches the network."""
        st = self.status(spec)
        if st.ready:
            return st.path
        if st.state is ModelState.MISSING:
            raise ModelMissingError(self._missing_message(spec), model_key=spec.key)
        problems = integrity.check_folder(spec, st.path)
        raise ModelError(_broken_message(st), model_key=spec.key, bad_file=problems[0].file if problems else None)

    def _missing_message(self, spec: ModelSpec) -> str:
        dirs = self.candidate_dirs(spec)
        return (
            f"The model {spec.title} [{spec.model_id}] is not installed. "
            f"Looked in {dirs[0]} and the older ModelScope layouts under {self.hub_root} "
            f"({dirs[1]}, {dirs[2]}, ...). "
            f"Download it (about {spec.size_mb} MB): `{CLI_DOWNLOAD.format(key=spec.key)}`; "
            f"or, without internet, import a folder holding {', '.join(spec.required_files)}: "
            f"`{CLI_IMPORT.format(key=spec.key)}`. The model manager in the app does both."
        )

    # -- getting models
    def download(
        self,
        spec: ModelSpec,
        on_progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Download `spec` through modelscope, resuming what an earlier attempt left; returns its folder.

        Raises DownloadError (unreachable: says how to import instead), Cancelled, ModelError (bad result).
        """
        st = self.status(spec)
        if st.ready:
            if on_progress is not None:
                on_progress(st.size_bytes, st.size_bytes)
            return st.path
        return self._download(spec, on_progress, cancel or threading.Event())

    def _download(
        self, spec: ModelSpec, on_progress: Callable[[int, int], None] | None, cancel: threading.Event
    ) -> Path:
        if cancel.is_set():
            raise Cancelled(f"Download of {spec.title} cancelled.")
        if spec.url:
            return self._fetch_file(spec, on_progress, cancel)
        url = hub.endpoint()
        remote = hub.wanted(spec, hub.list_files(spec, url, self.probe_timeout_s))
        total = sum(f.size for f in remote.values())
        check_disk_space(spec, self.hub_root, total - self.status(spec).size_bytes)
        explicit = url if os.environ.get("MODELSCOPE_ENDPOINT") else None  # else modelscope picks .cn/.ai
        folder = hub.snapshot(spec, self.hub_root, total, on_progress, cancel, explicit, files=sorted(remote))
        integrity.write_manifest(folder, spec, {f.path: {"size": f.size, "sha256": f.sha256} for f in remote.values()})
        problems = integrity.check_folder(spec, folder)
        if problems:
            raise ModelError(
                f"Downloaded {spec.title}, but {problems[0].message}. Try `{CLI_REPAIR.format(key=spec.key)}`.",
                model_key=spec.key,
                bad_file=problems[0].file,
            )
        log.info("%s ready in %s", spec.model_id, folder)
        return folder

    def _fetch_file(self, spec: ModelSpec, on_progress: Callable[[int, int], None] | None,
                    cancel: threading.Event) -> Path:
        """A single-file model (spec.url): fetched into its folder; the manifest records what was checked."""
        from models.store import fetch

        folder = self.download_dir(spec)
        check_disk_space(spec, self.hub_root, spec.size_mb * 1_000_000)
        path = fetch.fetch(spec, folder, on_progress, cancel)
        name = path.name
        integrity.write_manifest(folder, spec, {name: {"size": path.stat().st_size,
                                                       "sha256": spec.checksums.get(name)}})
        problems = integrity.check_folder(spec, folder, deep=True)
        if problems:
            raise ModelError(f"Downloaded {spec.title}, but {problems[0].message}.", model_key=spec.key,
                             bad_file=problems[0].file)
        log.info("%s ready in %s", spec.key, folder)
        return folder

    def import_folder(self, spec: ModelSpec, src: Path) -> Path:
        """Copy (hard-link when possible) a local copy of the model into the cache; returns the new folder."""
        src = Path(src).expanduser()
        if spec.url and src.is_file() and src.name in spec.required_files:
            src = src.parent  # a single-file model: the file itself will do
        if not src.is_dir():
            raise ModelError(f"Cannot import {spec.title}: {src} is not a folder.", model_key=spec.key)
        src = find_model_folder(spec, src)
        problems = integrity.check_folder(spec, src) + integrity.pinned_checksum_problems(spec, src)
        if problems:
            raise ModelError(
                f"Cannot import {src} as {spec.title}: {'; '.join(p.message for p in problems)}. "
                f"Choose the folder that holds {', '.join(spec.required_files)} "
                f"(a copy of ModelScope's {spec.model_id}, revision {spec.revision}).",
                model_key=spec.key,
                bad_file=problems[0].file,
            )
        dest = self.download_dir(spec)
        if dest.exists() and src.resolve() == dest.resolve():
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.import-{uuid.uuid4().hex[:8]}")
        try:
            if spec.url:  # a single-file model: that file, not the rest of the folder (often ~/Downloads)
                tmp.mkdir(parents=True)
                for name in spec.required_files:
                    link_or_copy(src / name, tmp / name)
            else:
                copy_tree(src, tmp)
            integrity.write_manifest(tmp, spec, integrity.local_manifest(tmp, spec))
            copied = integrity.check_folder(spec, tmp)
            if copied:
                raise ModelError(f"Copying {src} failed: {copied[0].message}", model_key=spec.key)
            swap_into_place(tmp, dest)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        log.info("imported %s from %s into %s", spec.model_id, src, dest)
        return dest

    def repair(
        self,
        spec: ModelSpec,
        on_progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Delete damaged files (deep check) and download what is missing: "clear the cache and retry"."""
        for folder in self.candidate_dirs(spec):
            if not has_entries(folder):
                continue
            for p in integrity.check_folder(spec, folder, deep=True):
                if p.kind == "broken":
                    log.warning("repair %s: removing %s (%s)", spec.key, folder / p.file, p.message)
                    (folder / p.file).unlink(missing_ok=True)
                    (folder / (p.file + ".incomplete")).unlink(missing_ok=True)
                    (folder / MANIFEST_NAME).unlink(missing_ok=True)  # may hold the wrong size
        return self._download(spec, on_progress, cancel or threading.Event())


def _broken_message(st: ModelStatus) -> str:
    spec = st.spec
    what = "incomplete" if st.state is ModelState.PARTIAL else "damaged"
    fix = (
        f"Finish the download: `{CLI_DOWNLOAD.format(key=spec.key)}`"
        if st.state is ModelState.PARTIAL
        else f"Repair it (re-downloads the bad files): `{CLI_REPAIR.format(key=spec.key)}`"
    )
    return (
        f"The model {spec.title} at {st.path} is {what}: {'; '.join(st.problems)}. {fix}, or use Repair in "
        f"the model manager; without internet, import a good copy: `{CLI_IMPORT.format(key=spec.key)}`."
    )


def describe(st: ModelStatus) -> str:
    """One line for `models list`: key, state, size, title, then the folder or what is wrong."""
    spec = st.spec
    if st.ready:
        tail = f"{st.size_bytes / 1e6:,.0f} MB  {st.path}"
    elif st.state is ModelState.MISSING:
        tail = f"not downloaded (about {spec.size_mb:,} MB)"
    else:
        tail = f"{'; '.join(st.problems)}  ({st.path})"
    return f"{spec.key:<11} {st.state.value:<8} {spec.title}  {tail}"
