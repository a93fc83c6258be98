"""Prompt templates: built-in ones (builtin_templates.py) and the user's editable copies.

    tpl = load("minutes", "zh")          # <config>/summary-templates/minutes.zh.txt when the user has one
    path = user_copy("minutes", "zh")    # writes the built-in text there first, for the user to edit

A file has [system], [map] and [reduce] parts (see builtin_templates.py). A file the user broke (a part missing)
is reported and the built-in template is used instead, so a summary never fails on a template.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from models.core import paths
from models.core.atomic import atomic_write
from models.summary import builtin_templates
from models.summary.options import DEFAULT_LANGUAGE, LANGUAGES, TEMPLATES

log = logging.getLogger(__name__)
FOLDER = "summary-templates"
_PART = re.compile(r"^\[(system|map|reduce)\]\s*$", re.M)
SCRIPT_NAMES = {"zh": {"simplified": "简体中文", "traditional": "繁體中文"},
                "en": {"simplified": "Simplified Chinese", "traditional": "Traditional Chinese"}}

assert TEMPLATES == builtin_templates.NAMES  # one list of built-in names (options.py is what others import)


@dataclass(frozen=True)
class Template:
    name: str
    language: str
    system: str
    map: str
    reduce: str
    source: str  # the file it came from, or "built-in"

    def system_for(self, speakers: list[str], script: str) -> str:
        sep = "、" if self.language == "zh" else ", "
        who = sep.join(speakers) or ("（记录中没有名字）" if self.language == "zh" else "(no names in the transcript)")
        return self.system.replace("{speakers}", who).replace("{script}", SCRIPT_NAMES[self.language][script])


def folder(base: Path | None = None) -> Path:
    return (base or paths.config_dir()) / FOLDER


def names(base: Path | None = None) -> list[str]:
    """Built-in names, then templates the user added (any <name>.<language>.txt in the folder)."""
    found = list(TEMPLATES)
    d = folder(base)
    if d.is_dir():
        for f in sorted(d.glob("*.txt")):
            stem = f.name[:-4].rsplit(".", 1)[0]
            if stem not in found:
                found.append(stem)
    return found


def parse(text: str, name: str, language: str, source: str) -> Template:
    pieces = _PART.split(text)
    parts = {pieces[i]: pieces[i + 1].strip() for i in range(1, len(pieces) - 1, 2)}
    missing = [p for p in ("system", "map", "reduce") if not parts.get(p)]
    if missing:
        raise ValueError(f"{source}: no [{'], ['.join(missing)}] part")
    return Template(name, language, parts["system"], parts["map"], parts["reduce"], source)


def load(name: str, language: str = DEFAULT_LANGUAGE, base: Path | None = None) -> Template:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    f = folder(base) / f"{name}.{language}.txt"
    if f.is_file():
        try:
            return parse(f.read_text(encoding="utf-8"), name, language, str(f))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            log.warning("template %s cannot be used (%s); using the built-in one", f, exc)
    if name not in TEMPLATES:
        raise KeyError(f"unknown template {name!r} (choose from {', '.join(names(base))})")
    return parse(builtin_templates.builtin(name, language), name, language, "built-in")


def user_copy(name: str, language: str = DEFAULT_LANGUAGE, base: Path | None = None) -> Path:
    """The user's file for this template, created from the built-in text when absent (for "Edit template…")."""
    f = folder(base) / f"{name}.{language}.txt"
    if not f.exists():
        f.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(f, builtin_templates.builtin(name if name in TEMPLATES else TEMPLATES[0], language)
                     .encode("utf-8"))
    return f
