"""Talking to ModelScope: the quick reachability/listing probe and `snapshot_download` with progress and cancel.

The download itself is modelscope's own (`modelscope.hub.snapshot_download`, modelscope 1.40 delegating to
modelscope_hub), so files land exactly where modelscope and funasr look, partial files are kept as
`<file>.incomplete` and resumed with an HTTP Range request, and each file is checked against the sha256 the
repository listing gives. What we add:

- a probe of the repository listing with a short timeout first: offline, modelscope's own listing retries
  for ~22 s before failing; the probe fails in well under the timeout with a message that says what to do;
- byte progress summed over all files, delivered in the calling thread;
- cancel, checked on every chunk modelscope receives.
"""
from __future__ import annotations

import logging
import os
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import requests

from models.core.errors import Cancelled, DownloadError
from models.core.registry import ModelSpec

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://modelscope.cn"  # modelscope_hub.constants.DEFAULT_ENDPOINT in 1.40.2
IMPORT_HINT = "python main.py models import PATH --as {key}"

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    sha256: str | None


def endpoint() -> str:
    """The hub modelscope will talk to: MODELSCOPE_ENDPOINT (e.g. a mirror or a test server) or modelscope.cn."""
    value = os.environ.get("MODELSCOPE_ENDPOINT", "").strip() or DEFAULT_ENDPOINT
    if not value.lower().startswith(("http://", "https://")):
        value = "https://" + value
    return value.rstrip("/")


def offline_message(spec: ModelSpec, url: str, reason: str) -> str:
    return (
        f"Could not reach ModelScope ({url}) to download {spec.title} [{spec.model_id}]: {reason}. "
        "Check the internet connection (or MODELSCOPE_ENDPOINT / proxy settings) and try again. "
        f"Without internet, download the model folder on another computer and import it: "
        f"`{IMPORT_HINT.format(key=spec.key)}` or Import in the model manager."
    )


def list_files(spec: ModelSpec, url: str, timeout_s: float) -> dict[str, RemoteFile]:
    """The repository's files at the pinned revision, from the same endpoint snapshot_download uses.

    Doubles as the connectivity probe: one request with a short timeout instead of modelscope's retries.
    """
    listing_url = f"{url}/api/v1/models/{spec.model_id}/repo/files"
    try:
        resp = requests.get(
            listing_url,
            params={"Revision": spec.revision, "Recursive": "True"},
            timeout=(timeout_s, 2 * timeout_s),  # a listing answers in well under a second
            headers={"User-Agent": "tingxie"},
        )
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise DownloadError(offline_message(spec, url, _short_reason(exc)), model_key=spec.key) from exc
    except requests.RequestException as exc:
        raise DownloadError(offline_message(spec, url, str(exc)), model_key=spec.key) from exc
    if resp.status_code == 404:
        raise DownloadError(
            f"ModelScope ({url}) has no {spec.model_id} at revision {spec.revision}. "
            f"If you use a mirror, check MODELSCOPE_ENDPOINT; or import the folder: "
            f"`{IMPORT_HINT.format(key=spec.key)}`.",
            model_key=spec.key,
        )
    if resp.status_code >= 400:
        raise DownloadError(
            offline_message(spec, url, f"the server answered HTTP {resp.status_code}"), model_key=spec.key
        )
    return _parse_listing(spec, url, resp)


WEIGHT_SUFFIXES = (".onnx", ".pt", ".pth", ".bin", ".safetensors", ".data")


def wanted(spec: ModelSpec, files: dict[str, RemoteFile]) -> dict[str, RemoteFile]:
    """What a download fetches: the required files and the small side files (configs, token lists, seg_dict), but
    no weights the spec does not need. The published ONNX repositories hold both model.onnx and model_quant.onnx;
    the CPU set needs one of them (about half the download)."""
    return {p: f for p, f in files.items()
            if p in spec.required_files or not p.lower().endswith(WEIGHT_SUFFIXES)}


def _parse_listing(spec: ModelSpec, url: str, resp: requests.Response) -> dict[str, RemoteFile]:
    try:
        data = resp.json().get("Data")
        entries = data.get("Files") if isinstance(data, dict) else data
        files = {
            e["Path"]: RemoteFile(e["Path"], int(e.get("Size") or 0), e.get("Sha256") or None)
            for e in entries
            if (e.get("Type") or "blob") != "tree"
        }
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DownloadError(
            offline_message(spec, url, "its answer to the file listing is not what ModelScope sends"),
            model_key=spec.key,
        ) from exc
    missing = [f for f in spec.required_files if f not in files]
    if missing:
        raise DownloadError(
            f"ModelScope's {spec.model_id} at {spec.revision} lacks {', '.join(missing)}; "
            "it cannot be the model Tingxie expects.",
            model_key=spec.key,
            bad_file=missing[0],
        )
    return files


def _short_reason(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "no answer (timed out)"
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "Temporary failure in name resolution" in text:
        return "the name does not resolve (no network?)"
    return "no connection"


class _CancelSignal(BaseException):
    """Raised inside modelscope's worker threads to stop a download.

    A BaseException on purpose: modelscope retries any `Exception` from a chunk loop, but lets a
    BaseException through, sets its internal cancel event for the other workers and keeps the
    `.incomplete` files for a later resume.
    """


class _ByteCounter:
    """Sums bytes over files from modelscope's per-file callbacks (called from its worker threads)."""

    def __init__(self, stop: Callable[[], bool]) -> None:
        self._stop = stop
        self._lock = threading.Lock()
        self._per_file: dict[str, int] = {}
        self.changed = threading.Event()

    @property
    def done(self) -> int:
        with self._lock:
            return sum(self._per_file.values())

    def start_file(self, name: str) -> None:
        # A retry of the same file makes a new callback that counts again from 0 (it first reports
        # the bytes already in the .incomplete file), so start this file's count over.
        with self._lock:
            self._per_file[name] = 0

    def add(self, name: str, size: int) -> None:
        if self._stop():
            raise _CancelSignal()
        with self._lock:
            self._per_file[name] = max(0, self._per_file.get(name, 0) + size)
        self.changed.set()

    def callback_class(self) -> type:
        from modelscope.hub.callback import ProgressCallback

        counter = self

        class _Callback(ProgressCallback):  # type: ignore[misc, valid-type]
            def __init__(self, filename: str, file_size: int) -> None:
                super().__init__(filename, file_size)
                counter.start_file(filename)

            def update(self, size: int) -> None:
                counter.add(self.filename, size)

        return _Callback


def snapshot(
    spec: ModelSpec,
    cache_dir: Path,
    total: int,
    on_progress: ProgressFn | None,
    cancel: threading.Event,
    endpoint_url: str | None,
    cancel_grace_s: float = 3.0,
    files: list[str] | None = None,
) -> Path:
    """Run modelscope's snapshot_download in a worker thread; report progress and honour cancel from here.

    Progress goes to `on_progress(done, total)` in the calling thread, monotonic, coalesced, ending at total.
    """
    aborted = threading.Event()  # set when our caller goes away (its callback raised), not the user's event
    counter = _ByteCounter(lambda: cancel.is_set() or aborted.is_set())
    results: queue.Queue[tuple[str, Any]] = queue.Queue()

    def work() -> None:
        try:
            results.put(("ok", _call_snapshot_download(spec, cache_dir, counter.callback_class(), endpoint_url,
                                                       files)))
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            results.put(("error", exc))
        finally:
            counter.changed.set()

    worker = threading.Thread(target=work, name=f"download-{spec.key}", daemon=True)
    worker.start()
    try:
        outcome = _pump(results, counter, total, on_progress, cancel, cancel_grace_s)
    except BaseException:
        aborted.set()
        raise
    kind, value = outcome
    if kind == "ok":
        return Path(value)
    mapped = _map_error(spec, value, cancel)
    if mapped is value:
        raise value
    raise mapped from value


def _pump(
    results: queue.Queue[tuple[str, Any]],
    counter: _ByteCounter,
    total: int,
    on_progress: ProgressFn | None,
    cancel: threading.Event,
    cancel_grace_s: float,
) -> tuple[str, Any]:
    last = -1
    cancelled_at: float | None = None
    while True:
        counter.changed.wait(0.1)
        counter.changed.clear()
        done = min(counter.done, total)
        if on_progress is not None and done > last:
            on_progress(done, total)
            last = done
        try:
            kind, value = results.get_nowait()
        except queue.Empty:
            pass
        else:
            if kind == "ok" and on_progress is not None and last < total:
                on_progress(total, total)  # files already in the cache report no bytes
            return kind, value
        if cancel.is_set():
            # The worker stops at its next chunk; if the connection is stalled, don't make the user wait.
            cancelled_at = cancelled_at or time.monotonic()
            if time.monotonic() - cancelled_at > cancel_grace_s:
                log.warning("download worker still busy %.0f s after cancel; leaving it", cancel_grace_s)
                return "error", _CancelSignal()


def _call_snapshot_download(spec: ModelSpec, cache_dir: Path, callback: type, endpoint_url: str | None,
                            files: list[str] | None = None) -> str:
    # Imported here: modelscope pulls in torch (~3 s); status/resolve must stay instant.
    from modelscope.hub.snapshot_download import snapshot_download

    log.info("downloading %s@%s into %s", spec.model_id, spec.revision, cache_dir)
    return snapshot_download(
        spec.model_id,
        revision=spec.revision,
        cache_dir=str(cache_dir),
        progress_callbacks=[callback],
        endpoint=endpoint_url,
        allow_file_pattern=files,  # exact paths (fnmatch without wildcards): only these are fetched
    )


def _map_error(spec: ModelSpec, exc: BaseException, cancel: threading.Event) -> BaseException:
    if isinstance(exc, _CancelSignal) or cancel.is_set():
        return Cancelled(
            f"Download of {spec.title} cancelled. The part already downloaded is kept; "
            "downloading again continues where it stopped."
        )
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return DownloadError(
            f"Not enough disk space to download {spec.title} (about {spec.size_mb} MB): {exc}",
            model_key=spec.key,
        )
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
    if _is_network_failure(exc):
        return DownloadError(offline_message(spec, endpoint(), detail), model_key=spec.key)
    if _is_hub_failure(exc):
        return DownloadError(
            f"Downloading {spec.title} from ModelScope ({endpoint()}) failed: {detail}. Try again later "
            f"(finished files are kept), or import the folder: `{IMPORT_HINT.format(key=spec.key)}`.",
            model_key=spec.key,
        )
    return exc  # not a download failure but a bug: let it surface with its traceback


def _is_network_failure(exc: BaseException) -> bool:
    from modelscope_hub.errors import NetworkError

    transport = (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError, NetworkError)
    if isinstance(exc, transport):
        return True
    failed = getattr(exc, "failed_files", None)  # modelscope_hub FileDownloadError: one error per file
    return bool(failed) and all(isinstance(e, transport) for e in failed.values())


def _is_hub_failure(exc: BaseException) -> bool:
    from modelscope_hub.errors import HubError

    return isinstance(exc, (HubError, requests.RequestException))
