#!/usr/bin/env python3
"""Refresh the translations: lupdate (extract strings from desktop/**/*.py) -> fill from zh_CN/ -> lrelease.

    .venv/bin/python resources/translations/update.py [--force] [--check]

--check: exit 1 if any string is untranslated (CI / before a release). The .qm files are committed.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from zh_CN import ZH_CN  # noqa: E402


def tool(name: str) -> str:
    for cand in (Path(sys.executable).parent / f"pyside6-{name}", shutil.which(f"pyside6-{name}"), shutil.which(name)):
        if cand and Path(cand).exists():
            return str(cand)
    raise SystemExit(f"pyside6-{name} not found")


def fill(ts: Path, table: dict[str, str], force: bool) -> list[str]:
    tree = ET.parse(ts)
    missing: list[str] = []
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None:
            tr = ET.SubElement(msg, "translation")
        done = tr.get("type") not in ("unfinished", "vanished", "obsolete")
        want = table.get(src)
        if want is None:
            if not done:
                missing.append(src)
            continue
        if done and not force:
            continue
        if msg.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            ET.SubElement(tr, "numerusform").text = want  # Chinese has a single plural form
        else:
            tr.text = want
        tr.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--force", action="store_true", help="overwrite translations that differ from zh_CN/")
    ap.add_argument("--check", action="store_true", help="fail when a string has no translation")
    args = ap.parse_args()
    ts = HERE / "tingxie_zh_CN.ts"
    sources = sorted(str(p) for p in (REPO / "desktop").rglob("*.py"))  # every subpackage
    subprocess.run([tool("lupdate"), *sources, "-ts", str(ts), "-no-obsolete", "-locations", "none"], check=True)
    missing = fill(ts, ZH_CN, args.force)
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    for src in missing:
        print(f"untranslated: {src!r}")
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":
    raise SystemExit(main())
