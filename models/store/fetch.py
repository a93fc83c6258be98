"""Downloading a model that is one file at a URL (a release asset such as sherpa-onnx's CAM++), not a ModelScope
repository: progress, cancel, resume, size and sha256 checked before the file takes its name.

    path = fetch(spec, folder, on_progress, cancel)   # folder/<the spec's one required file>

The bytes go to `<file>.incomplete` first (the same name modelscope uses, so status reports a partial download and
a later attempt resumes it with an HTTP Range request), and are renamed only once their size and, where the
registry pins one, their sha256 match. TINGXIE_FILE_ENDPOINT replaces everything before the file name: a mirror
(e.g. a GitHub proxy), a local web server, or a file:// folder holding the file (tests use both).
"""
from __future__ import annotations

import logging
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

from models.core.errors import Cancelled, DownloadError
from models.core.registry import ModelSpec
from models.store.integrity import sha256_of

log = logging.getLogger(__name__)

ENDPOINT_ENV = "TINGXIE_FILE_ENDPOINT"
CHUNK = 64 * 1024
TIMEOUT_S = 20.0
IMPORT_HINT = "python main.py models import PATH --as {key}"

ProgressFn = Callable[[int, int], None]


def source_url(spec: ModelSpec) -> str:
    """Where the spec's file comes from: its url, or TINGXIE_FILE_ENDPOINT/<file name> when that is set."""
    base = os.environ.get(ENDPOINT_ENV, "").strip().rstrip("/")
    return f"{base}/{spec.required_files[0]}" if base else spec.url


def _failed(spec: ModelSpec, url: str, reason: str) -> DownloadError:
    return DownloadError(
        f"Could not download {spec.title} from {url}: {reason}. Check the internet connection (or set "
        f"{ENDPOINT_ENV} to a mirror that serves {spec.required_files[0]}) and try again; the part already "
        f"downloaded is kept. Without internet, copy the file from another computer and import the folder "
        f"holding it: `{IMPORT_HINT.format(key=spec.key)}`.",
        model_key=spec.key,
    )


def fetch(spec: ModelSpec, folder: Path, on_progress: ProgressFn | None = None,
          cancel: threading.Event | None = None) -> Path:
    """Download the spec's one file into `folder` (resuming a `.incomplete` part); returns its path.

    Raises DownloadError (unreachable, HTTP error, wrong size or checksum: the bad part is deleted), Cancelled.
    """
    cancel = cancel or threading.Event()
    name = spec.required_files[0]
    folder.mkdir(parents=True, exist_ok=True)
    final, part = folder / name, folder / f"{name}.incomplete"
    url = source_url(spec)
    have = part.stat().st_size if part.is_file() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "tingxie", **({"Range": f"bytes={have}-"}
                                                                                if have else {})})
    try:
        resp = urllib.request.urlopen(request, timeout=TIMEOUT_S)  # noqa: S310 - http(s) or a file:// mirror
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the part is already whole (or longer than the file): check it below
            return _finish(spec, part, final, have, on_progress)
        raise _failed(spec, url, f"the server answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise _failed(spec, url, str(getattr(exc, "reason", exc))) from exc
    with resp:
        ranged = getattr(resp, "status", 200) == 206
        if have and not ranged:
            have = 0  # the server (or a file:// URL) sends the whole file: start over
        length = resp.headers.get("Content-Length")
        total = have + int(length) if length else spec.size_mb * 1_000_000
        done = have
        if on_progress is not None:
            on_progress(done, total)
        try:
            with open(part, "ab" if have else "wb") as out:
                while block := resp.read(CHUNK):
                    out.write(block)
                    done += len(block)
                    if on_progress is not None:
                        on_progress(min(done, total), total)
                    if cancel.is_set():
                        raise Cancelled(f"Download of {spec.title} cancelled. The part already downloaded is "
                                        "kept; downloading again continues where it stopped.")
        except OSError as exc:
            if exc.errno == 28:  # ENOSPC
                raise DownloadError(f"Not enough disk space to download {spec.title} (about {spec.size_mb} MB): "
                                    f"{exc}", model_key=spec.key) from exc
            raise _failed(spec, url, str(exc)) from exc
    return _finish(spec, part, final, total if length else done, on_progress)


def _finish(spec: ModelSpec, part: Path, final: Path, total: int, on_progress: ProgressFn | None) -> Path:
    """Check the whole part (size, pinned sha256) and give it its name; a bad part is deleted."""
    name = final.name
    size = part.stat().st_size
    problem = f"{name} arrived with {size} bytes, the server announced {total}" if size != total else None
    want = spec.checksums.get(name)
    if problem is None and want and sha256_of(part) != want:
        problem = f"{name} does not have the expected checksum (a different or damaged file)"
    if problem is not None:
        part.unlink(missing_ok=True)
        raise DownloadError(f"Downloading {spec.title} failed: {problem}. Try again.", model_key=spec.key,
                            bad_file=name)
    os.replace(part, final)
    if on_progress is not None:
        on_progress(size, size)
    log.info("downloaded %s (%d bytes) to %s", spec.key, size, final)
    return final
