"""A model that is one file at a URL ("spk-onnx", sherpa-onnx's CAM++ release asset) through the store: download with
progress from a local server (TINGXIE_FILE_ENDPOINT), resume, checksum, cancel, offline, repair, import, file://."""
from __future__ import annotations

import dataclasses
import hashlib
import threading
from pathlib import Path

import pytest

from fakehub import FakeHub  # tests/ is on sys.path (pytest's default prepend import mode)
from models.core import registry
from models.core.errors import Cancelled, DownloadError
from models.store.layout import snapshot_dir
from models.store.manager import ModelState, ModelStore

REAL = registry.MODELS["spk-onnx"]
NAME = REAL.required_files[0]


@pytest.fixture(scope="module")
def twin_bytes(tiny_spk_onnx: Path) -> bytes:
    return (snapshot_dir(REAL, tiny_spk_onnx) / NAME).read_bytes()


@pytest.fixture
def spec(twin_bytes: bytes) -> registry.ModelSpec:
    """The registry entry with the twin's checksum in place of the published file's."""
    return dataclasses.replace(REAL, checksums={NAME: hashlib.sha256(twin_bytes).hexdigest()})


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("MODELSCOPE_CACHE", str(root))
    return root


@pytest.fixture
def server(twin_bytes: bytes, monkeypatch: pytest.MonkeyPatch):
    with FakeHub({}, assets={NAME: twin_bytes}, chunk=64 * 1024) as fake:
        monkeypatch.setenv("TINGXIE_FILE_ENDPOINT", f"{fake.endpoint}/assets/")
        yield fake


def test_registry_entry_is_the_published_asset() -> None:
    from models.store import fetch

    assert REAL.url == ("https://github.com/k2-fsa/sherpa-onnx/releases/download/speaker-recongition-models/"
                        "3dspeaker_speech_campplus_sv_zh-cn_16k-common.onnx")
    assert fetch.source_url(REAL) == REAL.url and REAL.runtime == "onnx" and REAL.role == "spk"
    assert "spk-onnx" in registry.CPU_SET and "spk" not in registry.CPU_SET


def test_download_with_progress_verify_and_load(spec, server, cache: Path, twin_bytes: bytes) -> None:
    seen: list[tuple[int, int]] = []
    folder = ModelStore().download(spec, on_progress=lambda d, t: seen.append((d, t)))
    assert folder == snapshot_dir(spec, cache)
    assert (folder / NAME).read_bytes() == twin_bytes and not (folder / f"{NAME}.incomplete").exists()
    assert len(seen) > 3 and seen[-1] == (len(twin_bytes), len(twin_bytes))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    store = ModelStore()
    assert store.status(spec).state is ModelState.READY and store.verify(spec, deep=True) == []
    from models.speakers.onnx_embed import OnnxSpeakerEmbedder

    assert OnnxSpeakerEmbedder(folder / NAME).dim == 192


def test_other_bytes_than_the_pinned_ones_are_refused(server, cache: Path) -> None:
    with pytest.raises(DownloadError, match="checksum"):
        ModelStore().download(REAL)  # the real entry pins the published file's sha256, the server has the twin
    folder = snapshot_dir(REAL, cache)
    assert not (folder / NAME).exists() and not (folder / f"{NAME}.incomplete").exists()


def test_a_partial_download_resumes(spec, server, cache: Path, twin_bytes: bytes) -> None:
    folder = snapshot_dir(spec, cache)
    folder.mkdir(parents=True)
    half = len(twin_bytes) // 2
    (folder / f"{NAME}.incomplete").write_bytes(twin_bytes[:half])
    assert ModelStore().status(spec).state is ModelState.PARTIAL
    ModelStore().download(spec)
    (served,) = server.served(NAME)
    assert served.range == f"bytes={half}-" and served.bytes_sent == len(twin_bytes) - half
    assert (folder / NAME).read_bytes() == twin_bytes


def test_cancel_keeps_the_part(spec, server, cache: Path) -> None:
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        ModelStore().download(spec, on_progress=lambda d, t: cancel.set() if d > 0 else None, cancel=cancel)
    folder = snapshot_dir(spec, cache)
    assert (folder / f"{NAME}.incomplete").is_file() and not (folder / NAME).exists()


def test_offline_says_how_to_import(spec, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TINGXIE_FILE_ENDPOINT", "http://127.0.0.1:9/")
    with pytest.raises(DownloadError, match="models import") as err:
        ModelStore().download(spec)
    assert err.value.model_key == "spk-onnx"


def test_repair_fetches_a_truncated_file_again(spec, server, cache: Path, twin_bytes: bytes) -> None:
    store = ModelStore()
    folder = store.download(spec)
    (folder / NAME).write_bytes(twin_bytes[:1000])
    assert store.status(spec).state is ModelState.BROKEN
    server.log[:] = []
    assert store.repair(spec) == folder
    assert (folder / NAME).read_bytes() == twin_bytes and [s.path for s in server.log] == [NAME]


def test_deep_verify_refuses_another_graph_under_the_name(tiny_onnx: Path, cache: Path) -> None:
    from tests.cpu.cpuhelp import VAD_ID, onnx_dir

    other = (onnx_dir(tiny_onnx, VAD_ID) / "model.onnx").read_bytes()
    spec = dataclasses.replace(REAL, checksums={})
    folder = snapshot_dir(spec, cache)
    folder.mkdir(parents=True)
    (folder / NAME).write_bytes(other)
    assert ModelStore().status(spec).ready  # the fast check reads sizes only
    assert any("not the CAM++ export" in p for p in ModelStore().verify(spec, deep=True))


def test_file_url_and_import(spec, cache: Path, tiny_spk_onnx: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    from models.store.detect import detect_model_key

    src = snapshot_dir(REAL, tiny_spk_onnx)
    monkeypatch.setenv("TINGXIE_FILE_ENDPOINT", src.as_uri())
    assert (ModelStore().download(spec) / NAME).read_bytes() == (src / NAME).read_bytes()
    # import: a Downloads-like folder holding the file among other things; only the file is copied
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    (downloads / NAME).write_bytes((src / NAME).read_bytes())
    (downloads / "holiday.mp4").write_bytes(b"x" * 1000)
    assert detect_model_key(downloads) == "spk-onnx"
    other = ModelStore(tmp_path / "other")
    dest = other.import_folder(spec, downloads / NAME)
    assert sorted(p.name for p in dest.iterdir() if not p.name.startswith(".")) == [NAME]
    assert other.status(spec).ready
