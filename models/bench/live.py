"""`main.py bench --live`: a meeting transcribed while it is recorded, against issue targets for live captions.

One fresh process per run (this module's `__main__`), which loads the engine (the CPU user's default: INT8 on the
ONNX set) and the streaming model, and then, by --live-mode:
- vmic: plays the meeting into a PulseAudio sink in real time (`paplay`) and records it from an input device with
  the app's Recorder (the virtual microphone of ../shared/tools/virtual-mic.sh; `make bench-live` sets it up);
- realtime: pushes the file into the session at the pace of real time (no audio stack);
- fast: pushes as fast as the final sentences keep up (backlog under 2 s): an hour-long "recording" in minutes,
  to time Stop -> transcript complete on a long meeting.
Then Stop: the recording ends, the last segment is decoded, TXT/SRT/JSON are written; and the saved audio is
transcribed again as a file with the same engine, to count the VAD segments both cut alike and whether their
sentences are the same.

Figures: streaming latency (a word shown minus when the middle of its 600 ms chunk arrived, plus the input
latency PortAudio reports in vmic mode), final latency (a VAD segment's sentences emitted minus when its end
arrived), Stop -> exported, average CPU (process CPU time / wall, in cores) and peak RSS while live.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

TARGETS = {"stream_p50_s": 0.9, "stream_p95_s": 1.5, "final_p50_s": 1.5, "stop_to_done_s": 3.0, "cpu_cores": 1.2,
           "peak_rss_mb": 1200}


def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(xs: list[float], q: float) -> float | None:
    return float(np.percentile(xs, q)) if xs else None


def run(audio: Path, models: Path | None, mode: str, out: Path, threads: int = 0, input_name: str | None = None,
        sink: str = "vmic") -> dict[str, Any]:
    """One measurement in this process (call it in a fresh one)."""
    if models is not None:
        os.environ["MODELSCOPE_CACHE"] = str(models)
    import soundfile as sf

    from models.asr.engine import Engine
    from models.export import formats as exporters
    from models.jobs.store import JobStore
    from models.live.session import LiveSession
    from models.live.streaming_model import load_for_engine
    from models.options import DEFAULT_FORMATS, EngineConfig

    engine = Engine(EngineConfig(device="cpu", threads=threads))
    info = engine.load()
    streaming, why = load_for_engine(engine)
    out.mkdir(parents=True, exist_ok=True)
    store = JobStore(out / "history.sqlite3")
    peak = {"rss": _rss_mb()}
    stop_sampling = threading.Event()

    def sample() -> None:
        while not stop_sampling.wait(0.25):
            peak["rss"] = max(peak["rss"], _rss_mb())

    threading.Thread(target=sample, daemon=True).start()
    input_latency = 0.0
    cpu0, wall0 = time.process_time(), time.monotonic()
    if mode == "vmic":
        from models.capture.capture import Recorder

        recorder = Recorder()
        path = recorder.start(device=input_name, folder=out)
        input_latency = float(getattr(getattr(recorder, "_stream", None), "latency", 0.0) or 0.0)
        session = LiveSession(engine, store, path, recorder.samplerate, streaming=streaming)
        recorder.add_listener(lambda block, _pos: session.push(block))
        session.start()
        player = subprocess.run(["paplay", f"--device={sink}", "--latency-msec=50", str(audio)], check=False)
        time.sleep(1.0)  # the meeting's last words reach the recorder
        if player.returncode:
            raise RuntimeError(f"paplay failed ({player.returncode})")
        t_stop = time.monotonic()
        recorder.stop()
    else:
        # Read and copy in blocks: an hour of float32 in one array is 230 MB of the benchmark's own, not the app's.
        path = out / "live-recording.wav"
        from models.audio.layout import layout, write_layout

        meeting = layout(audio) is not None  # a two-channel meeting recording stays one (microphone, system audio)
        with sf.SoundFile(str(audio)) as src:
            rate, channels = src.samplerate, (2 if meeting else 1)
            with sf.SoundFile(str(path), "w", rate, channels, subtype="PCM_16") as dst:  # as a recorder writes it
                for chunk in src.blocks(blocksize=rate * 60, dtype="float32", always_2d=True):
                    dst.write(chunk if meeting else chunk.mean(axis=1))
        if meeting:
            write_layout(path)
        session = LiveSession(engine, store, path, rate, streaming=streaming)
        session.start()
        block = rate // 10
        t0 = time.monotonic()
        with sf.SoundFile(str(path)) as rec_file:  # the samples as stored (16-bit), like the recorder's listeners
            for i, samples in enumerate(rec_file.blocks(blocksize=block, dtype="float32", always_2d=meeting)):
                if mode == "realtime":
                    wait = t0 + i * block / rate - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                else:
                    while session.backlog_s > 2.0:
                        time.sleep(0.01)
                session.push(samples)
        t_stop = time.monotonic()
    cpu_live = time.process_time() - cpu0
    wall_live = t_stop - wall0
    transcript = session.finish()
    if transcript is None:
        raise RuntimeError(f"the live transcript failed: {session.error}")
    exporters.write_all(transcript, out, list(DEFAULT_FORMATS) + ["json"], stem=path.stem)
    stop_to_done = time.monotonic() - t_stop
    stop_sampling.set()
    timing = session.timing
    stream_lat = [x + input_latency for x in timing.stream_latency_s]
    final_lat = [x + input_latency for x in timing.final_latency_s]
    # The same audio as a file, with the same engine: segments cut alike, and their sentences.
    vads: list[tuple[int, int]] = []
    file_tr = engine.transcribe(path, on_vad=lambda a, b: vads.append((a, b)))
    live_groups = _groups(transcript.segments, session.vad_segments)
    file_groups = _groups(file_tr.segments, vads)
    same = [b for b in file_groups if b in live_groups]
    same_text = [b for b in same if [s.text for s in live_groups[b]] == [s.text for s in file_groups[b]]]
    return {
        "mode": mode, "audio_s": round(sf.info(str(path)).duration, 1), "channels": session.channels,
        "engine": info.label(),
        "streaming": streaming is not None, "streaming_note": why, "input_latency_s": round(input_latency, 3),
        "stream_p50_s": _pct(stream_lat, 50), "stream_p95_s": _pct(stream_lat, 95), "stream_n": len(stream_lat),
        "final_p50_s": _pct(final_lat, 50), "final_p95_s": _pct(final_lat, 95), "final_n": len(final_lat),
        "vad_close_p50_s": _pct(timing.vad_close_latency_s, 50),
        "final_each_s": [round(x, 2) for x in final_lat], "vad_segments": session.vad_segments,
        "stop_to_done_s": stop_to_done, "cpu_cores": cpu_live / max(wall_live, 1e-9),
        "peak_rss_mb": peak["rss"], "segments_live": len(session.vad_segments), "segments_file": len(vads),
        "segments_same": len(same), "segments_same_text": len(same_text),
        "sentences": len(transcript.segments),
    }


def _groups(segments: list, bounds: list[tuple[int, int]]) -> dict[tuple[int, int], list]:
    out: dict[tuple[int, int], list] = {b: [] for b in bounds}
    for s in segments:
        if 0 <= s.vad_index < len(bounds):
            out[bounds[s.vad_index]].append(s)
    return out


def verdicts(r: dict[str, Any]) -> list[str]:
    """One line per target: met / not met with the figure."""
    lines = []
    for key, limit in TARGETS.items():
        v = r.get(key)
        if key.startswith("stream") and not r.get("streaming"):
            lines.append(f"{key}: no streaming model ({r.get('streaming_note')})")
        elif v is None:
            lines.append(f"{key}: not measured")
        else:
            lines.append(f"{key}: {v:.2f} (target <= {limit}): {'met' if v <= limit else 'NOT met'}")
    if r.get("segments_file"):
        lines.append(f"segments cut alike: {r['segments_same']}/{r['segments_file']}, with identical sentences: "
                     f"{r['segments_same_text']}/{r['segments_same']}")
    return lines


def main(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="tingxie bench --live")
    p.add_argument("--audio", type=Path, required=True)
    p.add_argument("--models", type=Path)
    p.add_argument("--live-mode", choices=("vmic", "realtime", "fast"), default="vmic")
    p.add_argument("--live-input", default=None, help="input device (vmic mode; default: the system default)")
    p.add_argument("--live-sink", default="vmic", help="PulseAudio sink the meeting is played into (vmic mode)")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("bench-live"))
    a = p.parse_args(argv)
    r = run(a.audio.resolve(), a.models.resolve() if a.models else None, a.live_mode, a.out.resolve(), a.threads,
            a.live_input, a.live_sink)
    (a.out / f"live-{a.live_mode}.json").write_text(json.dumps(r, indent=1), encoding="utf-8")
    print(json.dumps(r, indent=1))
    for line in verdicts(r):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
