"""The CPU set's live captions run without torch: models.streaming on the ONNX folder in a process where torch,
torchaudio and torchao cannot be imported (as in the CPU bundle), with the same text as in this process."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import soundfile as sf

from models.streaming import load_streaming
from tests.streaming.streamhelp import onnx_dir, run

REPO = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
sys.modules.update(torch=None, torchaudio=None, torchao=None)
import json
import soundfile as sf
from models.streaming import load_streaming
rec = load_streaming(sys.argv[1], precision="int8", threads=1)
x = sf.read(sys.argv[2], dtype="float32")[0]
stream = rec.start()
out = []
for i in range(0, x.size, 1600):
    out += stream.accept(x[i:i + 1600])
out += stream.finish()
print(json.dumps({"pieces": out, "torch": sys.modules.get("torch") is not None, "funasr": "funasr" in sys.modules}))
"""


def test_onnx_streaming_runs_without_torch(tiny_streaming: Path, speech_clips: dict) -> None:
    clip = next(c["path"] for c in speech_clips.values() if c["sample_rate"] == 16000)
    folder = onnx_dir(tiny_streaming)
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(folder), str(clip)], cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["torch"] is False and report["funasr"] is False
    here = run(load_streaming(folder, precision="int8"), sf.read(str(clip), dtype="float32")[0], 1600)
    assert here and [tuple(p) for p in report["pieces"]] == here
