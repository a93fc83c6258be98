"""The PyInstaller rules (packaging/bundle_rules.py) and the --smoke-test hook, without building a bundle.

The build itself is `make bundle-smoke` (minutes, not part of `make test`)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))
import bundle_rules as rules  # noqa: E402

pytestmark = pytest.mark.timeout(60)


def _torch_lib() -> Path:
    """torch/lib without importing torch (seconds)."""
    return Path(importlib.util.find_spec("torch").submodule_search_locations[0]) / "lib"


def test_every_module_the_engine_imports_by_name_is_collected():
    from models.runtime import funasr_lite

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
    # the editor plays audio (issue 14): QtMultimedia and its FFmpeg backend stay in the bundle
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
    ("PySide6/Qt/lib/libQt6Multimedia.so.6", False),
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
    assert not rules.is_unwanted_data("librosa/__init__.pyi")  # lazy_loader reads it at run time
    assert rules.is_unwanted_binary("torch/bin/ptxas") and rules.is_unwanted_binary("torch/bin/protoc-3.13.0.0")
    assert not rules.is_unwanted_binary("torch/bin/torch_shm_manager")


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
    lib = _torch_lib() / "libtorch.so"
    needed = rules.elf_needed(str(lib))
    assert "libtorch_cpu.so" in needed and "libc.so.6" in needed
    assert rules.elf_needed(__file__) == []


# -- --smoke-test -----------------------------------------------------------------------------------------------
def test_smoke_flag_is_taken_off_argv(monkeypatch):
    from desktop.app import smoke

    monkeypatch.delenv("TINGXIE_SMOKE_TEST", raising=False)
    assert smoke.take_flag(["a.wav"]) == (["a.wav"], None)
    assert smoke.take_flag(["--smoke-test", "a.wav"]) == (["a.wav"], smoke.DEFAULT_TIMEOUT_S)
    assert smoke.take_flag(["--smoke-test=30"]) == ([], 30.0)
    monkeypatch.setenv("TINGXIE_SMOKE_TEST", "12")
    assert smoke.take_flag([]) == ([], 12.0)


class _FakeRunner:
    """The probe reads model_state on every poll: `reads` counts them (the test waits for polls, not time)."""

    model_message = ""

    def __init__(self) -> None:
        self.reads = 0
        self.state = "loading"

    @property
    def model_state(self) -> str:
        self.reads += 1
        return self.state


def test_smoke_probe_waits_for_the_model_then_closes_the_window(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from desktop.app import smoke

    window = QMainWindow()
    window.runner = _FakeRunner()
    qtbot.addWidget(window)
    window.show()
    codes = []
    probe = smoke.arm(10, quit=codes.append)
    qtbot.waitUntil(lambda: window.runner.reads >= 3, timeout=5000)  # it has looked, more than once
    assert not probe.done  # still loading
    window.runner.state = "ready"
    qtbot.waitUntil(lambda: probe.done, timeout=5000)
    assert not window.isVisible() and codes == [0]


def test_smoke_probe_fails_when_models_are_missing(qtbot, capsys):
    from PySide6.QtWidgets import QMainWindow

    from desktop.app import smoke

    window = QMainWindow()
    window.runner = _FakeRunner()
    window.runner.state = "missing"
    qtbot.addWidget(window)
    window.show()
    codes = []
    probe = smoke.arm(10, quit=codes.append)
    qtbot.waitUntil(lambda: probe.done, timeout=5000)
    assert "smoke-test: FAILED" in capsys.readouterr().out and codes == [1]


# -- the CPU bundle's stand-in for libtorch_cuda.so ----------------------------------------------------------------
needs_toolchain = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not (shutil.which("cc") or shutil.which("gcc")) or not shutil.which("nm"),
    reason="needs Linux, a C compiler and nm")


def _cc(*args: str) -> None:
    subprocess.run([shutil.which("cc") or "gcc", *args], check=True, capture_output=True)


@needs_toolchain
def test_stub_replaces_a_library_and_aborts_with_a_message_when_called(tmp_path):
    real_dir, stub_dir = tmp_path / "real", tmp_path / "stub"
    real_dir.mkdir()
    (tmp_path / "real.c").write_text("int cuda_only(int x) { return x + 1; }\nint unused(void) { return 0; }\n")
    _cc("-shared", "-fPIC", "-o", str(real_dir / "libfakecuda.so"), str(tmp_path / "real.c"),
        "-Wl,-soname,libfakecuda.so")
    (tmp_path / "dep.c").write_text("int cuda_only(int);\nint use_cuda(int x) { return cuda_only(x); }\n"
                                    "int cpu_work(int x) { return 2 * x; }\n")
    _cc("-shared", "-fPIC", "-o", str(tmp_path / "libdep.so"), str(tmp_path / "dep.c"), f"-L{real_dir}",
        "-lfakecuda", "-Wl,-rpath,$ORIGIN/stub")
    stub = rules.build_cuda_stub([str(real_dir / "libfakecuda.so")], [str(tmp_path / "libdep.so")], stub_dir)
    assert stub == stub_dir / "libfakecuda.so"
    source = (stub_dir / "libtorch_cuda_stub.c").read_text()
    assert '"cuda_only"' in source and '"unused"' not in source  # only what dependents import
    probe = textwrap.dedent(f"""
        import ctypes, sys
        dep = ctypes.CDLL({str(tmp_path / 'libdep.so')!r}, mode=2)  # RTLD_NOW: every symbol must resolve
        assert dep.cpu_work(21) == 42  # CPU code runs
        print("loaded", flush=True)
        if sys.argv[1] == "call":
            dep.use_cuda(1)
    """)
    ok = subprocess.run([sys.executable, "-c", probe, "load"], capture_output=True, text=True)
    assert ok.returncode == 0 and "loaded" in ok.stdout, ok.stderr
    boom = subprocess.run([sys.executable, "-c", probe, "call"], capture_output=True, text=True)
    assert boom.returncode != 0 and "contains no CUDA support (cuda_only was called)" in boom.stderr


@needs_toolchain
def test_stub_covers_what_torch_imports_from_libtorch_cuda():
    lib = _torch_lib()
    if not (lib / "libtorch_cuda.so").exists():
        pytest.skip("a CPU-only torch: nothing to replace")
    reals = [str(lib / n) for n in rules.CUDA_STUBBED if (lib / n).exists()]
    symbols = rules.cuda_stub_symbols(reals, [str(lib / "libtorch_python.so")])
    assert "_ZN4c10d15get_gil_checkerEv" in symbols and set(rules.STUB_BODIES) <= set(symbols)
    assert any(name.startswith("_ZTI") for name in symbols)  # typeinfo pybind11 reads at import
    assert 50 < len(symbols) < 2000


def test_smoke_probe_with_custom_quit_arms_no_watchdog(qtbot):
    """The watchdog calls os._exit: it must never run inside the test process."""
    from desktop.app import smoke

    probe = smoke.arm(10, quit=lambda code: None)
    assert probe.watchdog is False
    probe._timer_stop()


# -- variants: the torch-free CPU bundle (issue 17) ----------------------------------------------------------------
def test_variant_switches(monkeypatch):
    for var in ("TINGXIE_BUNDLE_CUDA", "TINGXIE_BUNDLE_TORCH"):
        monkeypatch.delenv(var, raising=False)
    assert rules.variant() == "cpu" and not rules.with_torch("cpu")
    assert set(rules.TORCH_STACK) <= set(rules.excludes("cpu")) and rules.excludes("cpu-torch") == rules.EXCLUDES
    # modelscope's hub stays (the app downloads through it); its model zoo goes in the torch-free bundle only
    assert "modelscope.models" in rules.excludes("cpu") and not any(
        e in ("modelscope", "modelscope.hub") for e in rules.excludes("cpu"))
    monkeypatch.setenv("TINGXIE_BUNDLE_TORCH", "1")
    assert rules.variant() == "cpu-torch" and rules.with_torch("cpu-torch")
    monkeypatch.setenv("TINGXIE_BUNDLE_CUDA", "yes")
    assert rules.variant() == "cuda" and "torch" not in rules.excludes("cuda")


def test_forbidden_modules_finds_torch_files_and_modules():
    found = rules.forbidden_modules(["torch/lib/libtorch_cpu.so", "libtorch_cpu.so", "sympy.core", "funasr",
                                     "onnxruntime/capi/libonnxruntime.so", "models.runtime.loader", "torch",
                                     "PySide6/Qt/lib/libQt6Core.so.6", "networkx/__init__.pyc"])
    assert found == sorted(["torch/lib/libtorch_cpu.so", "libtorch_cpu.so", "sympy.core", "funasr", "torch",
                            "networkx/__init__.pyc"])


def test_spec_builds_the_variants_from_the_rules():
    spec = (REPO / "packaging" / "tingxie.spec").read_text(encoding="utf-8")
    for needle in ("rules.variant()", "rules.excludes(VARIANT)", "rules.forbidden_modules(", "if TORCH:",
                   '{"variant": VARIANT}'):
        assert needle in spec
    smoke = (REPO / "packaging" / "bundle_smoke.py").read_text(encoding="utf-8")
    assert "build_tiny_onnx" in smoke and "forbidden_modules" in smoke


def test_torch_free_bundle_ships_only_funasrs_postprocess_file():
    """The ONNX path reads funasr's sentence_postprocess from its file (models/asr/timestamps.py): the torch-free
    bundle ships that file alone, at its place (found as a namespace package, without funasr's __init__, which
    imports torch). It must stay pure Python on the standard library. The frozen lookup itself is checked by
    `make bundle-smoke` (its transcription uses it)."""
    import ast

    (src, folder), = rules.funasr_files()
    assert folder == "funasr/utils" and rules.forbidden_modules([f"{folder}/postprocess_utils.py"]) == []
    assert rules.forbidden_modules(["funasr/__init__.py", "funasr/utils/load_utils.py"]) != []
    tree = ast.parse(Path(src).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= set(sys.stdlib_module_names), imported
