"""The PyInstaller rules (packaging/bundle_rules.py) and the --smoke-test hook, without building a bundle.

The build itself is `make bundle-smoke` (minutes, not part of `make test`)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))
import bundle_rules as rules  # noqa: E402

pytestmark = pytest.mark.timeout(60)


def test_every_module_the_engine_imports_by_name_is_collected():
    from models import funasr_lite

    wanted = set(funasr_lite._PARTS) | {m for table in funasr_lite.KNOWN.values() for m in table.values()}
    collected = set(rules.funasr_hiddenimports()) | set(rules.funasr_submodules())
    assert wanted <= collected
    for name in collected:  # each exists in the installed funasr (found without importing funasr)
        assert importlib.util.find_spec(name.split(".")[0]) is not None
        path = Path(importlib.util.find_spec("funasr").submodule_search_locations[0], *name.split(".")[1:])
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), name


def test_spec_compiles_and_uses_the_rules():
    spec = (REPO / "packaging" / "tingxie.spec").read_text(encoding="utf-8")
    compile(spec, "tingxie.spec", "exec")
    for needle in ("rules.funasr_hiddenimports()", "rules.is_unwanted_qt", "rules.cuda_keep_set",
                   "tingxie_entry.py", '"funasr": "pyz+py"', "resources/translations"):
        assert needle in spec


@pytest.mark.parametrize("dest, drop", [
    ("PySide6/Qt/lib/libQt6Core.so.6", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6DBus.so.6", False),
    ("PySide6/Qt/lib/libQt6XcbQpa.so.6", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
    ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", True),
    ("PySide6/Qt/lib/libQt6Qml.so.6", True),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", True),
    ("PySide6/Qt/lib/libQt63DCore.so.6", True),
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", True),
    ("PySide6/Qt/qml/QtQuick/Controls/qmldir", True),
    ("PySide6/Qt/translations/qtwebengine_zh_CN.qm", True),
    ("torch/lib/libtorch_cpu.so", False),
])
def test_qt_filter(dest, drop):
    assert rules.is_unwanted_qt(dest) is drop


def test_data_filter_drops_build_time_files():
    assert rules.is_unwanted_data("torch/include/ATen/ATen.h")
    assert rules.is_unwanted_data("torch/share/cmake/Torch/TorchConfig.cmake")
    assert not rules.is_unwanted_data("funasr/version.txt")
    assert not rules.is_unwanted_data("resources/translations/tingxie_zh_CN.qm")


def test_cpu_variant_keeps_only_linked_cuda_libraries():
    binaries = [
        ("torch/_C.so", "/x/_C.so"),
        ("torch/lib/libtorch_python.so", "/x/libtorch_python.so"),
        ("torch/lib/libtorch_cuda.so", "/x/libtorch_cuda.so"),
        ("torch/lib/libtorch_cuda_linalg.so", "/x/libtorch_cuda_linalg.so"),
        ("nvidia/cu13/lib/libcudart.so.13", "/x/libcudart.so.13"),
        ("nvidia/cu13/lib/libcublas.so.13", "/x/libcublas.so.13"),
        ("nvidia/cu13/lib/libcublasLt.so.13", "/x/libcublasLt.so.13"),
        ("nvidia/cu13/lib/libcusolver.so.12", "/x/libcusolver.so.12"),
        ("nvidia/cudnn/lib/libcudnn.so.9", "/x/libcudnn.so.9"),
        ("nvidia/cudnn/lib/libcudnn_engines_precompiled.so.9", "/x/libcudnn_engines_precompiled.so.9"),
    ]
    graph = {
        "/x/_C.so": ["libtorch_python.so"],
        "/x/libtorch_python.so": ["libtorch_cuda.so", "libcudart.so.13", "libcudnn.so.9", "libc.so.6"],
        "/x/libtorch_cuda.so": ["libcublas.so.13", "libcudart.so.13"],
        "/x/libcublas.so.13": ["libcublasLt.so.13"],
        "/x/libtorch_cuda_linalg.so": ["libcusolver.so.12"],  # dlopen()ed by torch only for CUDA linalg
    }
    keep = rules.cuda_keep_set(binaries, lambda p: graph.get(p, []))
    # libtorch_cuda.so is torch's own (always kept); these NVIDIA ones stay because it links them
    assert keep == {"libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcudnn.so.9"}


def test_cuda_switch(monkeypatch):
    monkeypatch.delenv("TINGXIE_BUNDLE_CUDA", raising=False)
    assert rules.cuda_bundle() is False
    monkeypatch.setenv("TINGXIE_BUNDLE_CUDA", "1")
    assert rules.cuda_bundle() is True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF")
def test_elf_reader_matches_the_dynamic_section():
    import torch

    lib = Path(torch.__file__).parent / "lib" / "libtorch.so"
    needed = rules.elf_needed(str(lib))
    assert "libtorch_cpu.so" in needed and "libc.so.6" in needed
    assert rules.elf_needed(__file__) == []


# -- --smoke-test -----------------------------------------------------------------------------------------------
def test_smoke_flag_is_taken_off_argv(monkeypatch):
    from desktop import smoke

    monkeypatch.delenv("TINGXIE_SMOKE_TEST", raising=False)
    assert smoke.take_flag(["a.wav"]) == (["a.wav"], None)
    assert smoke.take_flag(["--smoke-test", "a.wav"]) == (["a.wav"], smoke.DEFAULT_TIMEOUT_S)
    assert smoke.take_flag(["--smoke-test=30"]) == ([], 30.0)
    monkeypatch.setenv("TINGXIE_SMOKE_TEST", "12")
    assert smoke.take_flag([]) == ([], 12.0)


class _FakeRunner:
    model_state = "loading"
    model_message = ""


def test_smoke_probe_waits_for_the_model_then_closes_the_window(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from desktop import smoke

    window = QMainWindow()
    window.runner = _FakeRunner()
    qtbot.addWidget(window)
    window.show()
    codes = []
    probe = smoke.arm(10, quit=codes.append)
    qtbot.wait(600)
    assert not probe.done  # still loading
    window.runner.model_state = "ready"
    qtbot.waitUntil(lambda: probe.done, timeout=5000)
    assert not window.isVisible() and codes == [0]


def test_smoke_probe_fails_when_models_are_missing(qtbot, capsys):
    from PySide6.QtWidgets import QMainWindow

    from desktop import smoke

    window = QMainWindow()
    window.runner = _FakeRunner()
    window.runner.model_state = "missing"
    qtbot.addWidget(window)
    window.show()
    codes = []
    probe = smoke.arm(10, quit=codes.append)
    qtbot.waitUntil(lambda: probe.done, timeout=5000)
    assert "smoke-test: FAILED" in capsys.readouterr().out and codes == [1]
