"""The project's layout rules, checked on the source itself (AST, not imports: nothing is executed)."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from .importgraph import find_cycle, imports, modules, mutual_rooms

REPO = Path(__file__).resolve().parents[2]
MAX_LINES = 400
# Not ours: virtual environments, what builds and benchmarks write, caches (hidden folders are skipped too).
NOT_SOURCE = {".venv", "venv", "build", "dist", "out", "bench-out", "__pycache__"}
PRECISION_NAMES = {"int8", "fp32", "fp16"}
# precisions, devices, backends, model sets, punctuation models, export formats
OPTION_LISTS = [PRECISION_NAMES, {"auto", "cpu", "cuda"}, {"auto", "torch", "onnx"}, {"auto", "cpu", "gpu"},
                {"punc", "punc-large"}, {"txt", "srt", "vtt", "json", "md", "docx"}]


def test_no_import_cycle_even_through_type_only_imports() -> None:
    graph = imports(REPO)
    assert len(graph) > 50  # the walk really found the packages
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_cycle_finder_finds_a_type_only_cycle(tmp_path: Path) -> None:
    """The checker itself: a cycle that exists only under TYPE_CHECKING is still a cycle."""
    pkg = tmp_path / "desktop"
    pkg.mkdir()
    (tmp_path / "models").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from desktop import b\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from desktop.a import X\n")
    assert find_cycle(imports(tmp_path)) in (["desktop.a", "desktop.b", "desktop.a"],
                                             ["desktop.b", "desktop.a", "desktop.b"])


def test_no_two_subpackages_import_each_other() -> None:
    """Rooms are layered: if models.asr imports models.runtime, nothing in models.runtime imports models.asr
    (type-only imports included). Shared pieces move down into a low room (models/core, models/runtime,
    desktop/common)."""
    assert mutual_rooms(imports(REPO)) == {}


def test_mutual_room_finder_sees_a_type_only_import(tmp_path: Path) -> None:
    for pkg in ("models", "models/low", "models/high", "desktop"):
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "models/high/a.py").write_text("from models.low import b\n")
    (tmp_path / "models/low/b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                              "    from models.high.a import A\n")
    assert list(mutual_rooms(imports(tmp_path))) == [("models.high", "models.low")]


def test_low_rooms_import_only_low_rooms() -> None:
    """Utilities everyone may import live where they import nothing above them."""
    from .importgraph import room

    low = {"models.core", "models.options", "desktop.common"}
    up = sorted(f"{m} -> {d}" for m, deps in imports(REPO).items() if room(m) in low
                for d in deps if room(d) not in low)
    assert up == []


def test_the_funasr_loader_has_one_name() -> None:
    users = sorted(m for m, deps in imports(REPO).items() if "models.asr.loader" in deps)
    assert users == [] and not (REPO / "models" / "asr" / "loader.py").exists()


def python_files(repo: Path) -> list[Path]:
    """Every .py file of the project: the whole tree but NOT_SOURCE, hidden folders and *.egg-info."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(repo):
        subfolders[:] = [d for d in subfolders
                         if d not in NOT_SOURCE and not d.startswith(".") and not d.endswith(".egg-info")]
        found += [Path(folder) / f for f in files if f.endswith(".py")]
    return sorted(found)


def too_long(repo: Path) -> dict[str, int]:
    return {str(p.relative_to(repo)): n for p in python_files(repo)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}


def test_no_python_file_over_400_lines() -> None:
    """Everywhere: models, desktop, main.py, tests, resources, packaging."""
    tops = {p.relative_to(REPO).parts[0] for p in python_files(REPO)}
    assert {"models", "desktop", "main.py", "tests", "resources", "packaging"} <= tops
    assert too_long(REPO) == {}


def test_line_count_skips_only_what_is_not_ours(tmp_path: Path) -> None:
    """The checker itself: a long file anywhere in the tree counts, one in a virtual environment or build does not."""
    long = "x = 1\n" * (MAX_LINES + 1)
    for rel in ("resources/translations/table.py", "tests/desktop/shot.py", "main.py", ".venv/lib/site.py",
                "build/pyinstaller/gen.py", "models/__pycache__/a.py", "tests/short.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n" if rel == "tests/short.py" else long)
    assert too_long(tmp_path) == {"main.py": MAX_LINES + 1, "resources/translations/table.py": MAX_LINES + 1,
                                  "tests/desktop/shot.py": MAX_LINES + 1}


def test_models_never_import_qt() -> None:
    graph_src = {name: path for name, path in modules(REPO).items() if name.startswith("models")}
    offenders = []
    for name, path in graph_src.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{name}: {m}" for m in mods if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "desktop")]
    assert offenders == []


def test_option_lists_are_defined_once() -> None:
    """No tuple/list/set literal of precisions, devices, backends, model sets, punctuation models or formats
    outside models/options.py."""
    found = []
    for name, path in modules(REPO).items():
        if name == "models.options":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                values = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                for names in OPTION_LISTS:
                    if len(values & names) >= 2 and values <= names | {"none"}:
                        found.append(f"{name}:{node.lineno} {sorted(values)}")
    assert found == []


def test_exit_codes_are_defined_once() -> None:
    found = []
    for name, path in modules(REPO).items():
        if name == "models.options":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            names = [e.id for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])
                     if isinstance(e, ast.Name)]
            found += [f"{name}:{node.lineno} {n}" for n in names if n.lstrip("_").startswith("EXIT_")]
    assert found == []


def test_one_clock_formatter() -> None:
    """H:MM:SS and sizes are formatted by models/core/textfmt.py only (there were seven copies)."""
    clockish = re.compile(r"02d\}:|%02d:|divmod\([^)]*3600")
    found = [f"{name}:{n}" for name, path in modules(REPO).items() if name != "models.core.textfmt"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if clockish.search(line)]
    assert found == []


def test_entry_points_still_answer() -> None:
    for cmd in ([sys.executable, "main.py", "--help"], [sys.executable, "-m", "models.bench", "--help"],
                [sys.executable, "main.py", "transcribe", "--help"]):
        out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, (cmd, out.stderr[-2000:])
        assert "usage" in out.stdout.lower()
