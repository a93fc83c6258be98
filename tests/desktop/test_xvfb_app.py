"""Start the real app under Xvfb (xcb, CJK fonts) with the real engine on the tiny models; screenshots mid-run and
done, a restart with a job to resume and the history view. The script (tests/desktop/xvfb_screenshot.py) checks
the Chinese font and exports; this test runs it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("xvfb_screenshot.py")


@pytest.mark.slow
@pytest.mark.xvfb
@pytest.mark.parametrize("scenario", ["run", "first-run", "resume", "editor"])
def test_real_app_under_xvfb_screenshots(tiny_models, testdata, tmp_path, scenario):
    if shutil.which("xvfb-run") is None:
        pytest.fail("xvfb-run is not installed (apt: xvfb xauth; `make test` installs it)")  # a broken setup
    out = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "TINGXIE_TESTDATA": str(testdata)}
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, str(SCRIPT), "--out", str(out),
           "--scenario", scenario, "--timeout", "200"]
    if scenario in ("run", "resume", "editor"):
        cmd += ["--models", str(tiny_models)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    report = proc.stdout[proc.stdout.index("{"):] if "{" in proc.stdout else ""
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(report)
    assert result["failures"] == []
    names = {"run": ["zh_CN-mid.png", "zh_CN-done.png"], "first-run": ["zh_CN-first-run.png"],
             "resume": ["zh_CN-resume.png", "zh_CN-history.png", "zh_CN-history-dialog.png"],
             "editor": ["zh_CN-editor.png"]}[scenario]
    for name in names:
        png = out / name
        assert png.stat().st_size > 20_000, png  # a real window, not a blank image
    if scenario == "run":
        assert sorted(result["exported"])[0].endswith((".srt", ".txt"))
    if scenario == "editor":  # issue 14: mid-playback, the highlight on the sentence playing, replacements counted
        assert result["highlighted_row"] >= 3 and result["glossary_label"] == "术语表：2 处替换"
    if scenario == "resume":  # issue 7: the crashed job is back, offered for resume; the history lists 3
        assert [s for _name, s in result["rows"]] == ["interrupted", "queued"] and result["history_rows"] == 3
        assert result["notice_button"] == "继续 1 个中断的任务"
