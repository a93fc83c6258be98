"""What goes into the PyInstaller bundle: hidden imports, excluded modules, and the filters the spec applies.

Plain Python (no PyInstaller import) so tests/packaging can check the rules without building anything.
The spec (packaging/tingxie.spec) imports this module; keep the two in step.
"""
from __future__ import annotations

import fnmatch
import os
import re
import sys
from pathlib import Path
from typing import Callable, Iterable

REPO = Path(__file__).resolve().parents[1]

# Python packages the app never uses that the dependency graph would otherwise drag in.
# triton (640 MB) is torch.compile's GPU code generator: torch imports it only if present and lives without it.
EXCLUDES = [
    "triton", "tkinter", "_tkinter", "IPython", "jupyter", "notebook", "pytest", "pytestqt", "tensorboard",
    "torch.utils.tensorboard", "transformers", "matplotlib", "pandas", "numba", "llvmlite",
    "ray",  # the cluster extra (issue 18) is for `main.py batch --cluster` from a checkout, not for the app
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtQuick", "PySide6.QtQml",
    "PySide6.QtPdf", "PySide6.Qt3DCore", "PySide6.QtCharts",
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtDesigner", "PySide6.QtOpenGL",
]

# Qt libraries, plugins and data the widgets app does not load. `excludes` alone leaves libraries that plugins pull
# in (QT-AUDIO-TESTING.md, PyInstaller section), so the spec also filters a.binaries / a.datas by these names.
QT_DROP_LIBS = re.compile(
    r"libQt6(WebEngine|Quick|Qml|Pdf|3D|Charts|DataVisualization|Graphs|Designer|Location|Positioning|Sensors|"
    r"SerialPort|SerialBus|ShaderTools|VirtualKeyboard|Bluetooth|Nfc|RemoteObjects|Scxml|StateMachine|TextToSpeech|"
    r"WebChannel|WebSockets|WebView|MultimediaQuick|SpatialAudio|Lottie|Labs|Help|HttpServer|Test|Sql|"
    r"VectorImage|CanvasPainter)")  # QtMultimedia (+ its FFmpeg plugin) stays: the editor's player (issue 14)
QT_DROP_PLUGIN_DIRS = (
    "assetimporters", "canbus", "designer", "geometryloaders", "geoservices", "position", "qmltooling",
    "renderers", "renderplugins", "sceneparsers", "scxmldatamodel", "sensors", "sqldrivers", "texttospeech",
    "webview", "vectorimageformats",
)

# funasr modules the engine imports by name at run time (models/runtime/funasr_lite.py): PyInstaller cannot see them.
FUNASR_PACKAGES = (
    "funasr.models.bicif_paraformer", "funasr.models.paraformer", "funasr.models.ct_transformer",
    "funasr.models.fsmn_vad_streaming", "funasr.models.sanm", "funasr.models.specaug", "funasr.models.normalize",
    "funasr.models.campplus",  # CAM++ speaker embeddings (models/speakers/embed.py)
    "funasr.frontends.wav_frontend", "funasr.tokenizer.char_tokenizer",
)

# Libraries torch loads only when a CUDA kernel needs them (dlopen at run time, or preloaded best-effort by
# torch/__init__.py). Everything else in nvidia/* is a hard ELF dependency of libtorch_cuda.so / libtorch_python.so.
_CUDA_OPTIONAL_TORCH_LIBS = ("libtorch_cuda_linalg.so", "libcaffe2_nvrtc.so")


def _flag(name: str) -> bool:
    return os.environ.get(name, "0").strip().lower() in ("1", "yes", "true", "on")


def cuda_bundle() -> bool:
    """TINGXIE_BUNDLE_CUDA=1 keeps every NVIDIA library (the CUDA variant)."""
    return _flag("TINGXIE_BUNDLE_CUDA")


# -- variants (issue 17) ---------------------------------------------------------------------------------------
#   "cpu"        make bundle                          no torch: the ONNX set on ONNX Runtime (the default)
#   "cpu-torch"  TINGXIE_BUNDLE_TORCH=1 make bundle   + torch/funasr for FP32, the PyTorch set, SeACo, CAM++ (.pt)
#   "cuda"       TINGXIE_BUNDLE_CUDA=1 make bundle    + torch with every NVIDIA library (GPUs)
VARIANTS = ("cpu", "cpu-torch", "cuda")


def variant() -> str:
    """Which bundle the environment asks for (TINGXIE_BUNDLE_CUDA wins over TINGXIE_BUNDLE_TORCH)."""
    return "cuda" if cuda_bundle() else "cpu-torch" if _flag("TINGXIE_BUNDLE_TORCH") else "cpu"


def with_torch(name: str) -> bool:
    return name != "cpu"


# What the torch-free CPU bundle leaves out: PyTorch and what only the PyTorch paths import (funasr and its own
# dependencies, the ONNX quantization used to convert PyTorch folders). The ONNX set's process never
# imports any of these (tests/cpu/test_onnx_set_engine.py); `make bundle-smoke` checks the bundle holds none.
TORCH_STACK = [
    "torch", "torchaudio", "torchao", "functorch", "torchgen", "torch_complex", "funasr",
    "sympy", "mpmath", "networkx",  # torch.fx / symbolic shapes
    # conversion only; `onnx` itself stays: the CIF guard rewrites the published Paraformer graph once at load
    # (models/runtime/cif_guard.py), before its optimised copy is cached
    "onnxruntime.quantization", "onnxruntime.transformers", "onnxruntime.tools",
    "jieba", "hydra", "omegaconf", "antlr4", "kaldiio", "tensorboardX", "jaconv", "jamo", "tiktoken",
    "sentencepiece", "librosa", "soxr", "audioread", "pooch", "lazy_loader",  # funasr's own imports
    "cuda", "nvidia",  # cuda-bindings and the NVIDIA wheels torch loads
]
# Top-level names (module or folder in the bundle) that must not appear in the torch-free bundle.
TORCH_FREE_FORBIDDEN = ("torch", "torchaudio", "torchao", "funasr", "sympy", "networkx", "nvidia")
# ...except funasr's sentence_postprocess (pure Python), which the ONNX path loads from its file
# (models/asr/timestamps.py): shipped alone at its place, find_spec("funasr") finds it as a namespace package.
FUNASR_FILES = ("funasr/utils/postprocess_utils.py",)


def funasr_files() -> list[tuple[str, str]]:
    """(source file, bundle folder) of FUNASR_FILES from the installed funasr, for the spec's datas."""
    import importlib.util

    spec = importlib.util.find_spec("funasr")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("funasr is not installed in the build environment (its postprocess file is needed)")
    root = Path(list(spec.submodule_search_locations)[0]).parent
    return [(str(root / f), str(Path(f).parent)) for f in FUNASR_FILES]


# modelscope's lazy import table names its model zoo (pulling in tokenizers, rapidfuzz, ...); the app downloads only
# through modelscope.hub (bundle-smoke downloads with it). hf_xet: huggingface_hub imports it inside functions only.
MODELSCOPE_UNUSED = [
    "modelscope.models", "modelscope.pipelines", "modelscope.trainers", "modelscope.preprocessors",
    "modelscope.msdatasets", "modelscope.exporters", "modelscope.metrics", "tokenizers", "rapidfuzz", "hf_xet",
]


def excludes(name: str) -> list[str]:
    """PyInstaller `excludes` for a variant."""
    return EXCLUDES + ([] if with_torch(name) else TORCH_STACK + MODELSCOPE_UNUSED)


def forbidden_modules(modules: Iterable[str]) -> list[str]:
    """Module names (dotted) or bundle paths from `modules` that belong to the torch stack (the torch-free bundle
    must have none)."""
    out = []
    for m in modules:
        if _norm(m) in FUNASR_FILES:
            continue
        top = _norm(m).replace("/", ".").split(".")[0]
        if top in TORCH_FREE_FORBIDDEN or top.startswith("libtorch"):
            out.append(m)
    return sorted(out)


def funasr_hiddenimports() -> list[str]:
    """Every module models/runtime/funasr_lite.py imports by name (the registry classes and the parts they build)."""
    sys.path.insert(0, str(REPO))
    try:
        from models.runtime import funasr_lite
    finally:
        sys.path.remove(str(REPO))
    mods: set[str] = set(funasr_lite._PARTS)
    for table in funasr_lite.KNOWN.values():
        mods.update(table.values())
    return sorted(mods)


def funasr_submodules() -> list[str]:
    """All modules under FUNASR_PACKAGES, found on disk: PyInstaller's collect_submodules would import funasr
    (its __init__ imports every model, ~15 s per call) for each package."""
    import importlib.util

    spec = importlib.util.find_spec("funasr")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("funasr is not installed in the build environment")
    root = Path(list(spec.submodule_search_locations)[0])
    out: set[str] = set()
    for name in FUNASR_PACKAGES:
        rel = Path(*name.split(".")[1:])
        pkg_dir, module = root / rel, (root / rel).with_suffix(".py")
        if module.is_file():
            out.add(name)
        if pkg_dir.is_dir():
            for py in pkg_dir.rglob("*.py"):
                if "test" in py.parts or py.name.startswith("test_"):
                    continue
                parts = ["funasr", *py.relative_to(root).with_suffix("").parts]
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                out.add(".".join(parts))
    # the parent packages themselves
    for name in list(out):
        parts = name.split(".")
        for i in range(2, len(parts)):
            out.add(".".join(parts[:i]))
    return sorted(out)


def _norm(path: str) -> str:
    return path.replace("\\", "/")


def is_unwanted_qt(dest: str) -> bool:
    """A Qt library, plugin, QML file or translation the app does not need (dest = path inside the bundle)."""
    d = _norm(dest)
    name = d.rsplit("/", 1)[-1]
    if "PySide6/" not in d and not name.startswith("libQt6"):
        return False
    if QT_DROP_LIBS.search(name):
        return True
    if "/Qt/qml/" in d or d.endswith("/Qt/qml"):
        return True
    m = re.search(r"/Qt/plugins/([^/]+)/", d)
    if m and m.group(1) in QT_DROP_PLUGIN_DIRS:
        return True
    # Qt's own translations: the app installs qtbase_<lang> only (desktop/common/i18n.py).
    m = re.search(r"/Qt/translations/([^/]+)$", d)
    if m and not m.group(1).startswith("qtbase_"):
        return True
    return False


def is_unwanted_data(dest: str) -> bool:
    """Build-time files other packages ship: headers, CMake files, test folders, type stubs."""
    d = _norm(dest)
    # Not *.pyi: librosa (imported by funasr's frontend) loads its lazy imports from __init__.pyi at run time.
    patterns = ("torch/include/*", "torch/share/cmake/*", "*.h", "*.hpp", "*.cuh", "*/tests/*.wav",
                "nvidia/*/include/*", "torch/test/*")
    return any(fnmatch.fnmatch(d, p) for p in patterns)


def is_unwanted_binary(dest: str) -> bool:
    """Programs torch ships for building and compiling kernels (protoc, ptxas): never run by the app."""
    d = _norm(dest)
    return any(fnmatch.fnmatch(d, p) for p in ("torch/bin/protoc*", "torch/bin/ptxas*"))


def is_cuda_library(dest: str) -> bool:
    d = _norm(dest)
    name = d.rsplit("/", 1)[-1]
    return d.startswith("nvidia/") or "/nvidia/" in d or name.startswith(_CUDA_OPTIONAL_TORCH_LIBS)


def needed_closure(roots: Iterable[str], needed: Callable[[str], list[str]], by_name: dict[str, str]) -> set[str]:
    """Names of the libraries reachable from `roots` (library names) through ELF NEEDED entries.

    Args:
        roots: library file names to start from.
        needed: file path -> the NEEDED names of that file.
        by_name: library file name -> its path (only these are followed).
    """
    seen: set[str] = set()
    stack = [r for r in roots if r in by_name]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(n for n in needed(by_name[name]) if n in by_name and n not in seen)
    return seen


def cuda_keep_set(binaries: list[tuple[str, str]], needed: Callable[[str], list[str]]) -> set[str]:
    """For the CPU bundle: the CUDA library names that other bundled binaries hard-depend on (must stay).

    Args:
        binaries: (dest, source) pairs from the analysis.
        needed: file path -> NEEDED names.
    """
    by_name = {_norm(dest).rsplit("/", 1)[-1]: src for dest, src in binaries}
    roots = [_norm(dest).rsplit("/", 1)[-1] for dest, _ in binaries if not is_cuda_library(dest)]
    return {n for n in needed_closure(roots, needed, by_name) if any(
        is_cuda_library(d) and _norm(d).rsplit("/", 1)[-1] == n for d, _ in binaries)}


def elf_needed(path: str) -> list[str]:
    """DT_NEEDED entries of an ELF file (empty for anything else). Small reader: no readelf, no pyelftools."""
    import struct

    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:  # 64-bit little-endian only (Linux x86_64/arm64)
        return []
    e_phoff, = struct.unpack_from("<Q", data, 0x20)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 0x36)
    dyn = None
    loads = []
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from("<IIQQQQ", data, off)
        if p_type == 2:  # PT_DYNAMIC
            dyn = (p_offset, p_filesz)
        elif p_type == 1:  # PT_LOAD
            loads.append((p_vaddr, p_offset, p_filesz))
    if dyn is None:
        return []
    entries = []
    strtab = None
    for i in range(dyn[1] // 16):
        tag, val = struct.unpack_from("<qQ", data, dyn[0] + i * 16)
        if tag == 0:
            break
        if tag == 1:
            entries.append(val)
        elif tag == 5:  # DT_STRTAB (a virtual address)
            strtab = val
    if strtab is None:
        return []
    for vaddr, offset, size in loads:
        if vaddr <= strtab < vaddr + size:
            strtab_off = strtab - vaddr + offset
            break
    else:
        return []
    out = []
    for e in entries:
        end = data.index(b"\0", strtab_off + e)
        out.append(data[strtab_off + e:end].decode("utf-8", "replace"))
    return out


# The CPU bundle's stand-in for libtorch_cuda.so lives in packaging/cuda_stub.py (a concern of its own).
from cuda_stub import CUDA_STUBBED, STUB_BODIES, build_cuda_stub, cuda_stub_symbols  # noqa: E402,F401
