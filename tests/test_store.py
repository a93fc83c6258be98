"""models.store.manager / models.core.registry: layout, status, verify, resolve, download (fake hub), import, repair.

No test touches the network: downloads go to tests/fakehub.py on 127.0.0.1, caches live in tmp_path.
"""
from __future__ import annotations

import collections
import dataclasses
import io
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from models.core import registry
from models.core.errors import Cancelled, DownloadError, ModelError, ModelMissingError
from models.core.registry import ModelSpec
from models.store.layout import candidate_dirs, hub_root
from models.store.manager import MANIFEST_NAME, ModelState, ModelStore, describe
from fakehub import FakeHub  # tests/ is on sys.path (pytest's default prepend import mode)

FAKE = ModelSpec(
    key="fake",
    role="vad",
    model_id="tingxie-test/fake-model",
    revision="v2.0.4",
    title="Fake model",
    required_files=("config.yaml", "model.pt", "tokens.json", "am.mvn", "configuration.json"),
    size_mb=3,
)
VAD_ASSETS = Path(os.environ.get("TINGXIE_FSMN_VAD_DIR", Path(__file__).parents[1] / "build" / "fsmn-vad"))


@pytest.fixture(scope="module")
def repo_files() -> dict[str, bytes]:
    """A small repo like a funasr model's; model.pt is a real torch checkpoint of ~3 MB."""
    import torch

    buf = io.BytesIO()
    torch.save({"encoder.weight": torch.arange(750_000, dtype=torch.float32)}, buf)
    return {
        "config.yaml": b"model: FsmnVADStreaming\nmodel_conf:\n  sample_rate: 16000\n",
        "model.pt": buf.getvalue(),
        "tokens.json": b'["<blank>", "<s>", "</s>", "\\u4f60", "<unk>"]',
        "am.mvn": b"<Nnet>\n<AddShift> 2 2\n[ 0 0 ]\n</Nnet>\n",
        "configuration.json": b'{"framework": "pytorch", "model": {"type": "funasr"}}',
        "README.md": b"# fake\n",
        "example/hello.txt": b"hello\n",
    }


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("MODELSCOPE_CACHE", str(root))
    monkeypatch.setenv("MODELSCOPE_HOME", str(tmp_path / "mshome"))
    monkeypatch.delenv("MODELSCOPE_ENDPOINT", raising=False)
    return root


@pytest.fixture
def hub(repo_files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, cache: Path):
    with FakeHub({(FAKE.model_id, FAKE.revision): repo_files}, delay=0.003) as fake:
        monkeypatch.setenv("MODELSCOPE_ENDPOINT", fake.endpoint)
        yield fake


shutil_usage = collections.namedtuple("usage", "total used free")


def write_model(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- registry

def _design_model_table() -> dict[str, str]:
    """model id -> revision, from the table in ../shared/DESIGN.md (the project's independent record of the ids)."""
    import re

    design = Path(os.environ.get("TINGXIE_TESTDATA", Path(__file__).resolve().parents[2] / "shared" / "testdata"))
    text = (design.parent / "DESIGN.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"^\|[^|]*\| (iic/\S+) \| (v[\d.]+|\(check\))", text, re.M)}


def test_registry_ids_and_revisions_are_the_published_ones() -> None:
    published = _design_model_table()
    assert len(published) >= 4
    for key, spec in registry.MODELS.items():
        if spec.url:  # a release asset, not a ModelScope id: tests/cpu/test_spk_onnx_store.py checks its URL
            continue
        assert spec.model_id in published, f"{key}: {spec.model_id} is not a model id DESIGN.md lists"
        if published[spec.model_id] == "(check)":  # DESIGN.md leaves the revision to be verified in the sources:
            assert spec.revision.startswith("v") and spec.revision[1:].replace(".", "").isdigit(), key  # the registry pins one (and says why)
        else:
            assert spec.revision == published[spec.model_id], key
    assert registry.DEFAULT_KEYS and all(k in registry.MODELS for k in registry.DEFAULT_KEYS)
    assert {"asr", "vad"} <= set(registry.DEFAULT_KEYS)  # the app cannot transcribe without these two
    with pytest.raises(KeyError, match="punc-large"):
        registry.get("nope")
    hash(registry.get("vad"))  # frozen specs stay usable as dict keys


def test_vad_checksums_match_the_wheel_assets(cache: Path) -> None:
    assert (VAD_ASSETS / "model.pt").is_file(), "FSMN-VAD assets missing: `make test` extracts them"
    spec = registry.get("vad")
    assets = {f: (VAD_ASSETS / f).read_bytes() for f in spec.required_files}
    folder = write_model(cache / "models" / "iic" / spec.name, assets)
    assert ModelStore().verify(spec, deep=True) == []
    assert ModelStore().resolve(spec) == folder  # the old (modelscope <= 1.37) layout is found


# ---------------------------------------------------------------- layout, status, resolve

def test_resolve_on_empty_cache_raises_missing_at_once(cache: Path) -> None:
    store = ModelStore()
    for spec in registry.MODELS.values():
        t0 = time.perf_counter()
        with pytest.raises(ModelMissingError) as err:
            store.resolve(spec)
        assert time.perf_counter() - t0 < 1.0
        msg = str(err.value)
        assert spec.model_id in msg and str(cache) in msg
        assert "models download" in msg and "models import" in msg
        assert store.status(spec).state is ModelState.MISSING


@pytest.mark.parametrize("layout", range(len(candidate_dirs(FAKE, Path("/x")))))
def test_every_modelscope_layout_is_found(cache: Path, repo_files: dict[str, bytes], layout: int) -> None:
    folder = write_model(candidate_dirs(FAKE, cache)[layout], repo_files)
    st = ModelStore().status(FAKE)
    assert (st.state, st.path) == (ModelState.READY, folder)
    assert st.size_bytes == sum(len(b) for b in repo_files.values())


def test_default_root_sees_old_and_new_modelscope_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_files: dict[str, bytes]
) -> None:
    monkeypatch.delenv("MODELSCOPE_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    store = ModelStore()
    assert store.root == tmp_path / ".cache" / "modelscope" / "hub"  # paths.modelscope_cache(), the old SDK root
    assert store.hub_root == tmp_path / ".cache" / "modelscope"  # where modelscope 1.40 downloads
    old = write_model(tmp_path / ".cache/modelscope/hub/models/tingxie-test/fake-model", repo_files)
    assert store.resolve(FAKE) == old
    new = write_model(tmp_path / ".cache/modelscope/models/tingxie-test--fake-model/snapshots/v2.0.4", repo_files)
    assert store.resolve(FAKE) == new
    assert store.download_dir(FAKE) == new


def test_dots_in_names_are_mangled_like_modelscope(tmp_path: Path) -> None:
    spec = ModelSpec("q", "asr", "Qwen/Qwen2.5-0.5B", "v1", "t", ("model.pt",), 1)
    dirs = candidate_dirs(spec, tmp_path)
    assert dirs[0] == tmp_path / "models" / "Qwen--Qwen2.5-0.5B" / "snapshots" / "v1"
    assert tmp_path / "models" / "Qwen" / "Qwen2___5-0___5B" in dirs
    assert hub_root(tmp_path) == tmp_path


def test_a_complete_folder_wins_over_a_partial_one(cache: Path, repo_files: dict[str, bytes]) -> None:
    partial = {k: v for k, v in repo_files.items() if k != "model.pt"}
    write_model(candidate_dirs(FAKE, cache)[0], partial)
    legacy = write_model(candidate_dirs(FAKE, cache)[1], repo_files)
    assert ModelStore().resolve(FAKE) == legacy


@pytest.mark.parametrize(
    "damage, state, message",
    [
        (lambda d: (d / "model.pt").write_bytes((d / "model.pt").read_bytes()[:100_000]), ModelState.BROKEN,
         "model.pt is truncated or not a torch checkpoint"),
        (lambda d: (d / "tokens.json").unlink(), ModelState.PARTIAL, "tokens.json is missing"),
        (lambda d: (d / "config.yaml").write_text("model: [unclosed\n  - : :\n"), ModelState.BROKEN,
         "config.yaml does not parse"),
        (lambda d: (d / "am.mvn").write_bytes(b""), ModelState.BROKEN, "am.mvn is empty"),
        (lambda d: (d / "model.pt").rename(d / "model.pt.incomplete"), ModelState.PARTIAL,
         "model.pt is only partly downloaded"),
    ],
    ids=["truncated-model", "missing-tokens", "garbage-config", "empty-mvn", "interrupted-download"],
)
def test_verify_names_the_broken_file(cache: Path, repo_files: dict[str, bytes], damage, state, message) -> None:
    folder = write_model(ModelStore().download_dir(FAKE), repo_files)
    damage(folder)
    store = ModelStore()
    problems = store.verify(FAKE)
    assert any(p.startswith(message) for p in problems), problems
    assert store.status(FAKE).state is state
    with pytest.raises(ModelError) as err:
        store.resolve(FAKE)
    assert not isinstance(err.value, ModelMissingError)
    assert message in str(err.value) and err.value.bad_file == message.split()[0]
    assert ("models download" if state is ModelState.PARTIAL else "models repair") in str(err.value)


def test_deep_verify_checks_checksums_and_the_checkpoint(cache: Path, repo_files: dict[str, bytes]) -> None:
    spec = dataclasses.replace(FAKE, checksums={"model.pt": "0" * 64})
    folder = write_model(ModelStore().download_dir(spec), repo_files)
    store = ModelStore()
    assert store.verify(spec) == []  # fast: no hashing
    assert store.verify(spec, deep=True) == ["checksum of model.pt does not match"]
    # A bit flip inside the archive keeps the zip directory intact; only a deep check sees it.
    data = bytearray(repo_files["model.pt"])
    data[len(data) // 2] ^= 0xFF
    (folder / "model.pt").write_bytes(bytes(data))
    assert store.verify(FAKE) == []
    assert [p.split(" (")[0] for p in store.verify(FAKE, deep=True)] == ["model.pt is damaged"]


def test_describe_reads_well(cache: Path, repo_files: dict[str, bytes]) -> None:
    store = ModelStore()
    assert "missing" in describe(store.status(FAKE)) and "about 3 MB" in describe(store.status(FAKE))
    write_model(store.download_dir(FAKE), repo_files)
    line = describe(store.status(FAKE))
    assert line.startswith("fake") and "ready" in line and str(store.download_dir(FAKE)) in line


# ---------------------------------------------------------------- download (fake hub)

def test_download_lands_in_modelscope_layout_with_progress(
    hub: FakeHub, cache: Path, repo_files: dict[str, bytes]
) -> None:
    seen: list[tuple[int, int]] = []
    callers: set[int] = set()

    def on_progress(done: int, total: int) -> None:
        seen.append((done, total))
        callers.add(threading.get_ident())

    path = ModelStore().download(FAKE, on_progress=on_progress)
    assert path == cache / "models" / "tingxie-test--fake-model" / "snapshots" / "v2.0.4"
    assert all((path / name).read_bytes() == data for name, data in repo_files.items())
    store = ModelStore()
    assert store.status(FAKE).state is ModelState.READY
    assert store.verify(FAKE, deep=True) == []
    total = sum(len(b) for b in repo_files.values())
    assert len(seen) >= 3 and seen[-1] == (total, total)
    assert all(t == total for _, t in seen) and [d for d, _ in seen] == sorted({d for d, _ in seen})
    assert callers == {threading.get_ident()}  # progress arrives in the calling thread
    assert (path / MANIFEST_NAME).is_file()


def test_cancel_keeps_the_part_and_the_next_download_resumes(
    hub: FakeHub, cache: Path, repo_files: dict[str, bytes]
) -> None:
    hub.delay = 0.01  # ~0.5 s for model.pt: cancel lands mid-file
    cancel = threading.Event()

    def on_progress(done: int, total: int) -> None:
        if done > 1_000_000:  # the small files are done by now; model.pt is half-way
            cancel.set()

    store = ModelStore()
    with pytest.raises(Cancelled):
        store.download(FAKE, on_progress=on_progress, cancel=cancel)
    st = store.status(FAKE)
    assert st.state is ModelState.PARTIAL and "model.pt is only partly downloaded" in " ".join(st.problems)
    partial = (store.download_dir(FAKE) / "model.pt.incomplete").stat().st_size
    assert 0 < partial < len(repo_files["model.pt"])

    hub.delay, hub.log[:] = 0.0, []
    path = store.download(FAKE)
    resumed = hub.served("model.pt")
    assert [s.range for s in resumed] == [f"bytes={partial}-"] and resumed[0].status == 206
    assert resumed[0].bytes_sent == len(repo_files["model.pt"]) - partial
    assert (path / "model.pt").read_bytes() == repo_files["model.pt"]
    assert store.verify(FAKE, deep=True) == []


def test_offline_fails_fast_with_the_import_hint(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELSCOPE_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    t0 = time.perf_counter()
    with pytest.raises(DownloadError) as err:
        ModelStore().download(FAKE)
    assert time.perf_counter() - t0 < 5.0
    msg = str(err.value)
    assert "Could not reach ModelScope" in msg and "models import PATH --as fake" in msg
    assert ModelStore().status(FAKE).state is ModelState.MISSING


def test_a_server_that_never_answers_times_out_fast(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as silent:  # accepts connections (kernel backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setenv("MODELSCOPE_ENDPOINT", f"http://127.0.0.1:{silent.getsockname()[1]}")
        store = ModelStore()
        store.probe_timeout_s = 0.5
        t0 = time.perf_counter()
        with pytest.raises(DownloadError, match="timed out"):
            store.download(FAKE)
        assert time.perf_counter() - t0 < 5.0


def test_unknown_revision_is_a_clear_error(hub: FakeHub, cache: Path) -> None:
    spec = dataclasses.replace(FAKE, revision="v9.9.9")
    with pytest.raises(DownloadError, match="has no tingxie-test/fake-model at revision v9.9.9"):
        ModelStore().download(spec)


def test_download_of_a_ready_model_needs_no_network(
    cache: Path, repo_files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODELSCOPE_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    folder = write_model(candidate_dirs(FAKE, cache)[1], repo_files)
    assert ModelStore().download(FAKE) == folder


def test_not_enough_disk_space_is_said_before_downloading(
    hub: FakeHub, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.store.layout.shutil.disk_usage",
                        lambda p: shutil_usage(total=10**9, used=10**9, free=1000))
    with pytest.raises(DownloadError, match="Not enough disk space"):
        ModelStore().download(FAKE)
    assert [s.path for s in hub.log] == []


def test_repair_replaces_a_damaged_file(hub: FakeHub, cache: Path, repo_files: dict[str, bytes]) -> None:
    store = ModelStore()
    folder = store.download(FAKE)
    (folder / "model.pt").write_bytes(repo_files["model.pt"][:4096])
    assert store.status(FAKE).state is ModelState.BROKEN
    hub.log[:] = []
    assert store.repair(FAKE) == folder
    assert store.verify(FAKE, deep=True) == []
    assert [s.path for s in hub.log] == ["model.pt"]  # the good files were kept


# ---------------------------------------------------------------- import

def test_import_folder_copies_into_the_cache(cache: Path, tmp_path: Path, repo_files: dict[str, bytes]) -> None:
    src = write_model(tmp_path / "usb" / "vad-model", repo_files)
    store = ModelStore()
    dest = store.import_folder(FAKE, src)
    assert dest == store.download_dir(FAKE) and store.resolve(FAKE) == dest
    assert (dest / "example" / "hello.txt").read_bytes() == b"hello\n"
    assert (src / "model.pt").is_file()  # the source is left alone
    assert not [p for p in dest.parent.iterdir() if p.name.startswith(".")]  # no temp folder left
    # importing again replaces the folder in one step
    assert store.import_folder(FAKE, src) == dest and store.status(FAKE).ready


def test_import_finds_the_model_below_a_picked_parent(
    cache: Path, tmp_path: Path, repo_files: dict[str, bytes]
) -> None:
    stick = tmp_path / "stick"
    write_model(stick / "modelscope" / "models" / "tingxie-test" / "fake-model", repo_files)
    write_model(stick / "modelscope" / "models" / "tingxie-test" / "other-model", repo_files)
    assert ModelStore().import_folder(FAKE, stick) == ModelStore().resolve(FAKE)


def test_import_refuses_an_incomplete_folder(cache: Path, tmp_path: Path, repo_files: dict[str, bytes]) -> None:
    src = write_model(tmp_path / "half", {k: v for k, v in repo_files.items() if k != "tokens.json"})
    store = ModelStore()
    with pytest.raises(ModelError, match="tokens.json is missing") as err:
        store.import_folder(FAKE, src)
    assert err.value.bad_file == "tokens.json"
    assert not store.download_dir(FAKE).exists()
    with pytest.raises(ModelError, match="is not a folder"):
        store.import_folder(FAKE, tmp_path / "nowhere")
