#!/usr/bin/env python3
"""Smoke test of a built bundle (`make bundle-smoke` builds it first; minutes, so not part of `make test`).

    python packaging/bundle_smoke.py [--bundle dist/tingxie] [--models DIR] [--clip FILE]

1. `tingxie transcribe CLIP` with the tiny fixture models (MODELSCOPE_CACHE), headless: TXT/SRT/JSON written,
   on ONNX Runtime. The torch-free CPU bundle (the default) gets the tiny ONNX set and must hold no torch, funasr,
   sympy or networkx (files and frozen modules); the torch variants get the tiny PyTorch set.
2. FP32 and `--device cuda`: the torch variants fall back to the CPU; the torch-free bundle refuses FP32 with a
   readable error (exit != 0, no traceback) and runs `--device cuda` on the CPU.
3. The torch-free bundle downloads the CPU set from a fake ModelScope hub on 127.0.0.1 (tests/fakehub.py), and
   labels speakers with the tiny ONNX CAM++ (spk-onnx).
4. `tingxie --smoke-test` offscreen: the window comes up, the model loads in the worker thread, the window
   closes and the process exits 0.
Both run from a temporary folder with their own XDG folders and no PYTHONPATH, so nothing comes from the source
tree or the user's settings. Prints the bundle's size and the time each step took. Exit status 0 = all good.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def biggest(path: Path, n: int = 8) -> list[tuple[int, str]]:
    sizes: dict[str, int] = {}
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            rel = p.relative_to(path).parts
            key = "/".join(rel[:3]) if rel[0] == "_internal" else rel[0]
            sizes[key] = sizes.get(key, 0) + p.stat().st_size
    return sorted(((s, k) for k, s in sizes.items()), reverse=True)[:n]


def tiny_models(onnx: bool) -> Path:
    """The same cached fixture models the test suite uses: the PyTorch set, or the ONNX set built from it."""
    sys.path.insert(0, str(REPO))
    from tests.conftest import _build_models

    root = _build_models("tiny")
    if not onnx:
        return root
    from tests.cpu.conftest import build_tiny_onnx

    return build_tiny_onnx(root)


def variant(bundle: Path) -> str:
    """"cpu" (no torch), "cpu-torch" or "cuda", from the tingxie_bundle.json the spec writes."""
    try:
        return json.loads((bundle / "_internal" / "tingxie_bundle.json").read_text())["variant"]
    except (OSError, ValueError, KeyError):
        return "cpu-torch"  # bundles built before the torch-free variant


def torch_leftovers(bundle: Path, exe: Path) -> list[str]:
    """Files and frozen modules of the torch stack in the bundle (bundle_rules.TORCH_FREE_FORBIDDEN)."""
    sys.path.insert(0, str(REPO / "packaging"))
    import bundle_rules
    from PyInstaller.archive.readers import pkg_archive_contents

    internal = bundle / "_internal"
    files = [str(p.relative_to(internal)) for p in internal.rglob("*") if p.is_file()]
    return bundle_rules.forbidden_modules(files + pkg_archive_contents(str(exe)))


def download_check(cli: Path, env: dict[str, str], work: Path, models: Path, timeout: float) -> tuple[bool, str]:
    """`tingxie models download` of the CPU set from a fake ModelScope hub (tests/fakehub.py) serving the tiny ONNX
    folders, into an empty cache: the bundle's own download path (modelscope.hub) end to end. Returns (ok, line)."""
    from models.core import registry
    from tests.fakehub import FakeHub

    repos = {}
    for key in ("asr-onnx", "vad-onnx", "punc-onnx"):
        spec = registry.MODELS[key]
        folder = models / "models" / spec.model_id
        repos[(spec.model_id, spec.revision)] = {p.name: p.read_bytes() for p in folder.iterdir()
                                                 if p.is_file() and not p.name.startswith(".")}
    cache = work / "downloaded"
    with FakeHub(repos) as hub:
        denv = {**env, "MODELSCOPE_CACHE": str(cache), "MODELSCOPE_ENDPOINT": hub.endpoint,
                "MODELSCOPE_HOME": str(work / "mshome")}
        rc, text, took = run([str(cli), "models", "download", "asr-onnx", "vad-onnx", "punc-onnx"], denv, work, timeout)
    ready = text.count(": ready in ")
    ok = rc == 0 and ready == 3
    return ok, f"models download: {'ok' if ok else 'FAILED'} (exit {rc}, {ready} of 3 ready) in {took:.1f} s" + (
        "" if ok else "\n" + text[-3000:])


def speakers_check(cli: Path, env: dict[str, str], work: Path, models: Path, clip: Path,
                   timeout: float) -> tuple[bool, str]:
    """`tingxie transcribe --speakers auto` with the tiny ONNX set plus the tiny ONNX CAM++ (spk-onnx, no torch)."""
    from tests.conftest import _build_models
    from tests.cpu.conftest import build_tiny_spk_onnx

    cache = work / "with-speakers" / "models"
    cache.mkdir(parents=True)
    for root in (models, build_tiny_spk_onnx(_build_models("tiny"))):
        for owner in (root / "models").iterdir():
            for repo in owner.iterdir():
                (cache / owner.name).mkdir(exist_ok=True)
                (cache / owner.name / repo.name).symlink_to(repo, target_is_directory=True)
    out = work / "speakers"
    rc, text, took = run([str(cli), "transcribe", str(clip), "-o", str(out), "-f", "json", "-q", "--speakers", "auto"],
                         {**env, "MODELSCOPE_CACHE": str(cache.parent)}, work, timeout)
    doc_path = out / f"{clip.stem}.json"
    labels = json.loads(doc_path.read_text(encoding="utf-8")).get("speakers") if doc_path.is_file() else None
    ok = rc == 0 and bool(labels)
    return ok, f"transcribe --speakers auto: {'ok' if ok else 'FAILED'} (exit {rc}) in {took:.1f} s, speakers {labels}" + (
        "" if ok else "\n" + text[-3000:])


def run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float) -> tuple[int, str, float]:
    t0 = time.monotonic()
    try:
        out = subprocess.run(cmd, env=env, cwd=str(cwd), capture_output=True, text=True, timeout=timeout)
        rc, text = out.returncode, out.stdout + out.stderr
    except subprocess.TimeoutExpired as exc:
        rc, text = 124, f"timed out after {timeout:.0f} s\n{exc.stdout or ''}{exc.stderr or ''}"
    return rc, text, time.monotonic() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bundle", type=Path, default=REPO / "dist" / "tingxie")
    ap.add_argument("--models", type=Path, help="ModelScope cache root with the models (default: tiny fixtures)")
    testdata = Path(os.environ.get("TINGXIE_TESTDATA", REPO.parent / "shared" / "testdata"))
    ap.add_argument("--clip", type=Path, default=testdata / "speech" / "funasr_asr_example_16k.wav")
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()
    args.bundle = args.bundle.resolve()
    args.clip = args.clip.resolve()

    exe = args.bundle / ("tingxie.exe" if sys.platform == "win32" else "tingxie")
    if sys.platform in ("win32", "darwin"):
        cli = args.bundle / ("tingxie-cli.exe" if sys.platform == "win32" else "tingxie-cli")
    else:
        cli = exe
    if not exe.exists():
        print(f"bundle-smoke: no bundle at {exe} (run make bundle)", file=sys.stderr)
        return 2
    if not args.clip.is_file():
        print(f"bundle-smoke: clip missing: {args.clip} (set TINGXIE_TESTDATA)", file=sys.stderr)
        return 2
    kind = variant(args.bundle)
    torch_free = kind == "cpu"
    models = (args.models or tiny_models(onnx=torch_free)).resolve()
    size = folder_size(args.bundle)
    print(f"bundle: {args.bundle} ({kind} variant) {size / 2**20:.0f} MiB")
    for s, k in biggest(args.bundle, 12):
        print(f"  {s / 2**20:8.0f} MiB  {k}")

    failures = []
    if torch_free:
        leftovers = torch_leftovers(args.bundle, exe)
        print(f"no torch: {'ok' if not leftovers else 'FAILED: ' + ', '.join(leftovers[:10])}")
        if leftovers:
            failures.append("no torch")
    with tempfile.TemporaryDirectory(prefix="tingxie-bundle-smoke-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "XDG_", "QT_"))}
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            (work / var).mkdir()
            env[var] = str(work / var)
        env.update(MODELSCOPE_CACHE=str(models), QT_QPA_PLATFORM="offscreen")
        out = work / "out"

        rc, text, took = run([str(cli), "transcribe", str(args.clip), "-o", str(out), "-f", "txt,srt,json", "-q"],
                             env, work, args.timeout)
        stem = args.clip.stem
        produced = sorted(p.name for p in out.glob(f"{stem}.*")) if out.exists() else []
        ok = rc == 0 and produced == sorted(f"{stem}.{e}" for e in ("json", "srt", "txt"))
        if ok:
            doc = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
            device = f"{doc.get('device', '?')}, backend {doc.get('backend', '?')}"
            # INT8 on the CPU runs on ONNX Runtime; PyTorch here means the bundle's export or session failed
            ok = bool(doc.get("segments")) and doc.get("backend") == "onnx"
            print(f"transcribe: {'ok' if ok else 'FAILED'} in {took:.1f} s -> {', '.join(produced)}"
                  f" ({len(doc.get('segments', []))} segments, device {device})")
        else:
            print(f"transcribe: FAILED (exit {rc}) in {took:.1f} s, produced {produced}\n{text[-3000:]}")
        if not ok:
            failures.append("transcribe")

        # FP32, and a CUDA request: the CPU bundle must fall back to the CPU with a warning, never abort; without
        # torch FP32 is refused with a readable message instead.
        for extra in (["--precision", "fp32"], ["--device", "cuda"]):
            rc, text, took = run([str(cli), "transcribe", str(args.clip), "-o", str(out / extra[1]), "-f", "json",
                                  "-q", *extra], env, work, args.timeout)
            doc_path = out / extra[1] / f"{stem}.json"
            if torch_free and extra[1] == "fp32":
                ok = rc not in (0, 124) and "needs PyTorch" in text and "Traceback" not in text
                print(f"transcribe {' '.join(extra)}: {'refused as it should' if ok else 'FAILED'} (exit {rc}): "
                      f"{text.strip().splitlines()[-1][:160] if text.strip() else ''}")
                if not ok:
                    print(text[-3000:])
                    failures.append("transcribe " + " ".join(extra))
                continue
            ok = rc == 0 and doc_path.is_file()
            device = json.loads(doc_path.read_text(encoding="utf-8")).get("device", "?") if ok else "?"
            print(f"transcribe {' '.join(extra)}: {'ok' if ok else 'FAILED'} (exit {rc}) in {took:.1f} s, "
                  f"device {device}" + ("" if ok else f"\n{text[-3000:]}"))
            if not ok:
                failures.append("transcribe " + " ".join(extra))

        if torch_free:  # what a bundle user does first: fetch the CPU set; then speakers on the ONNX CAM++
            for name, check in (("models download", lambda: download_check(cli, env, work, models, args.timeout)),
                                ("speakers", lambda: speakers_check(cli, env, work, models, args.clip,
                                                                    args.timeout))):
                ok, line = check()
                print(line)
                if not ok:
                    failures.append(name)

        rc, text, took = run([str(exe), "--smoke-test=180"], env, work, args.timeout)
        lines = [ln for ln in text.splitlines() if ln.startswith("smoke-test:")]
        ok = rc == 0 and any(ln.startswith("smoke-test: ok") for ln in lines)
        print(f"gui: {'ok' if ok else 'FAILED'} (exit {rc}) in {took:.1f} s: {lines[-1] if lines else ''}")
        if not ok:
            print(text[-3000:])
            failures.append("gui")

    print("bundle-smoke:", "FAILED: " + ", ".join(failures) if failures else "all good")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
