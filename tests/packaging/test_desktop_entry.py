"""The freedesktop launcher (resources/tingxie.desktop) and `make install-desktop` (packaging/install-desktop.sh)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DESKTOP = REPO / "resources" / "tingxie.desktop"
SCRIPT = REPO / "packaging" / "install-desktop.sh"
MIME = ("audio/mpeg audio/x-wav audio/wav audio/flac audio/x-flac audio/mp4 audio/x-m4a audio/aac audio/ogg "
        "audio/opus audio/webm video/mp4 video/x-matroska video/webm video/quicktime").split()
pytestmark = [pytest.mark.timeout(60), pytest.mark.skipif(sys.platform == "win32", reason="freedesktop only")]


def parse(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = {}
    for line in lines[1:]:
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            assert key not in entry, f"duplicate key {key}"
            entry[key] = value
    return entry


def exec_argv(value: str) -> list[str]:
    """Split an Exec value the way the desktop-entry spec says (string unescape, then quoting)."""
    value = value.replace("\\\\", "\\")  # string-value level
    args, cur, quoted, i, started = [], "", False, 0, False
    while i < len(value):
        c = value[i]
        if quoted:
            if c == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
                cur += value[i + 1]
                i += 1
            elif c == '"':
                quoted = False
            else:
                cur += c
        elif c == '"':
            quoted = started = True
        elif c == " ":
            if started:
                args.append(cur)
            cur, started = "", False
        else:
            cur += c
            started = True
        i += 1
    if started:
        args.append(cur)
    return [a.replace("%%", "%") for a in args]


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate missing (apt-get install desktop-file-utils; make test installs it)")
    out = subprocess.run([tool, str(path)], capture_output=True, text=True)
    problems = [ln for ln in (out.stdout + out.stderr).splitlines() if ln.strip() and "hint:" not in ln]
    assert out.returncode == 0 and not problems, problems


def test_template_has_what_the_menu_and_file_managers_need():
    e = parse(DESKTOP)
    assert e["Type"] == "Application" and e["Icon"] == "tingxie" and e["Terminal"] == "false"
    assert e["Name[zh_CN]"] == "听写" and e["Comment"] and e["Comment[zh_CN]"]
    assert e["Exec"].endswith(" %F")  # many files at once
    assert e["Categories"] == "AudioVideo;Audio;Utility;"
    assert e["MimeType"].endswith(";") and e["MimeType"].split(";")[:-1] == MIME


def test_template_validates():
    validate(DESKTOP)


def test_icons_exist_in_every_size_the_installer_copies():
    icons = REPO / "resources" / "icons"
    assert (icons / "tingxie.svg").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (icons / f"tingxie-{size}.png").is_file()


def _install(data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=30)


def test_install_into_xdg_data_home_and_uninstall(tmp_path):
    data = tmp_path / "share"
    python = Path(sys.executable)
    out = _install(data, str(python), str(REPO / "main.py"))
    assert out.returncode == 0, out.stderr
    entry_path = data / "applications" / "tingxie.desktop"
    e = parse(entry_path)
    assert exec_argv(e["Exec"]) == [os.path.abspath(python), str(REPO / "main.py"), "%F"]
    assert e["TryExec"] == os.path.abspath(python)
    assert e["MimeType"] == parse(DESKTOP)["MimeType"]
    for size in (16, 48, 256):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "tingxie.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "tingxie.svg").is_file()
    validate(entry_path)

    out = _install(data, "--uninstall")
    assert out.returncode == 0, out.stderr
    assert not entry_path.exists()
    assert not list((data / "icons").rglob("tingxie.*"))


def test_paths_with_spaces_and_shell_characters_survive_quoting(tmp_path):
    weird = tmp_path / "我的 程序$`\"x\\y%1"
    weird.mkdir()
    python = weird / "python"
    python.symlink_to(sys.executable)
    main_py = weird / "main.py"
    main_py.write_text("")
    data = tmp_path / "share"
    out = _install(data, str(python), str(main_py))
    assert out.returncode == 0, out.stderr
    entry_path = data / "applications" / "tingxie.desktop"
    assert exec_argv(parse(entry_path)["Exec"]) == [str(python), str(main_py), "%F"]
    validate(entry_path)


def test_bundle_mode_and_bad_arguments(tmp_path):
    prog = tmp_path / "dist" / "tingxie"
    prog.parent.mkdir()
    prog.write_text("#!/bin/sh\n")
    prog.chmod(0o755)
    data = tmp_path / "share"
    assert _install(data, "--exec", str(prog)).returncode == 0
    assert exec_argv(parse(data / "applications" / "tingxie.desktop")["Exec"]) == [str(prog), "%F"]
    assert _install(data, str(tmp_path / "no-python"), str(REPO / "main.py")).returncode != 0
    assert _install(data).returncode == 2
