"""Where models live on disk, and moving folders there (import, download, repair).

Layout (modelscope 1.40.2 = modelscope_hub 0.5.1 underneath), with H = the hub cache root:
    H/models/<owner>--<name>/snapshots/<revision>/      what modelscope >= 1.38 downloads into
    H/models/<owner>/<name, dots as ___>/               modelscope <= 1.37 with MODELSCOPE_CACHE set
    H/hub/models/<owner>/<name, dots as ___>/           modelscope <= 1.37 default (~/.cache/modelscope/hub/...)
    H/<owner>/<name>, H/hub/<owner>/<name>, ...         older flat layouts modelscope 1.40 still reuses
H is MODELSCOPE_CACHE, else ~/.cache/modelscope (modelscope_hub's default; the old SDK's default root
~/.cache/modelscope/hub, which `paths.modelscope_cache()` returns, is H/hub). A folder someone already
downloaded with funasr or modelscope is used where it is, whichever layout: the first complete one wins.
"""
from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path

from models.core.errors import DownloadError
from models.core.registry import ModelSpec
from models.store import integrity

log = logging.getLogger(__name__)


def _legacy_default_root() -> Path:
    return Path.home() / ".cache" / "modelscope" / "hub"


def hub_root(root: Path) -> Path:
    """The root modelscope_hub downloads under, for a store rooted at `root`."""
    if not os.environ.get("MODELSCOPE_CACHE") and root == _legacy_default_root():
        return root.parent
    return root


def snapshot_dir(spec: ModelSpec, root: Path) -> Path:
    """Where modelscope 1.40 puts a fresh download of `spec`."""
    return hub_root(root) / "models" / spec.model_id.replace("/", "--") / "snapshots" / spec.revision


def candidate_dirs(spec: ModelSpec, root: Path) -> list[Path]:
    """Every folder modelscope (new or old) may have put `spec` in, most likely first."""
    h = hub_root(root)
    owner, name = spec.owner, spec.name
    safe = name.replace(".", "___")  # old SDKs and modelscope_hub mangle dots in folder names
    dirs = [
        snapshot_dir(spec, root),
        h / "models" / owner / safe,
        h / "hub" / "models" / owner / safe,
        h / "models" / owner / name,
        h / owner / name,
        h / owner / safe,
        h / "hub" / owner / name,
        h / "hub" / owner / safe,
    ]
    return list(dict.fromkeys(dirs))


def has_entries(path: Path) -> bool:
    try:
        return path.is_dir() and any(path.iterdir())
    except OSError:
        return False


def dir_size(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        try:
            if p.is_file():
                total += p.stat().st_size
        except OSError:
            pass
    return total


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # same filesystem: no second copy of ~1 GB
    except OSError:
        shutil.copy2(src, dst)


def copy_tree(src: Path, dst: Path) -> None:
    for item in sorted(src.rglob("*")):
        rel = item.relative_to(src)
        if any(part.startswith(".") for part in rel.parts) or item.name.endswith(".incomplete"):
            continue  # hidden files, git metadata, our manifest, half-downloads
        target = dst / rel
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif item.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(item, target)


def swap_into_place(tmp: Path, dest: Path) -> None:
    """Two renames, so a crash leaves either the old or the new folder, never a half copy at `dest`."""
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{uuid.uuid4().hex[:8]}")
        dest.rename(old)
    tmp.rename(dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def find_model_folder(spec: ModelSpec, src: Path, max_depth: int = 5) -> Path:
    """`src`, or the folder of this model below it: users pick a whole cache or USB stick as often as not."""
    if any((src / f).exists() for f in spec.required_files):
        return src
    names = {spec.name, spec.name.replace(".", "___"), spec.model_id.replace("/", "--")}
    for depth in range(1, max_depth + 1):
        for marker in sorted(src.glob("/".join(["*"] * depth) + "/configuration.json")):
            folder = marker.parent
            if names & set(folder.relative_to(src).parts) and not integrity.check_folder(spec, folder):
                log.info("import %s: using %s below %s", spec.key, folder, src)
                return folder
    return src


def check_disk_space(spec: ModelSpec, root: Path, need: int) -> None:
    probe = root
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if need > free:
        raise DownloadError(
            f"Not enough disk space for {spec.title}: it needs {need / 1e6:,.0f} MB, "
            f"{free / 1e6:,.0f} MB are free in {root}. Free some space, or point MODELSCOPE_CACHE at a bigger disk.",
            model_key=spec.key,
        )
