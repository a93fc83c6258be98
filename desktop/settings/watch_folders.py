"""The watch folders the user set up (Settings -> Watch folders), stored as JSON under one settings key.

Each folder has its own output place ("" = next to the recording), formats, speakers and glossary; the engine
(precision, device) and the text steps' ITN and script are the app's own settings, as for any queued file.
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop.settings.store import DEFAULTS, Key, Settings
from models.batch.watch_take import WatchRoute
from models.export.formats import FORMATS as EXPORT_FORMATS
from models.speakers.options import SpeakerOptions

log = logging.getLogger("tingxie.watch")


@dataclass
class WatchFolder:
    folder: str
    out_dir: str = ""  # "" = next to the recording
    formats: list[str] = field(default_factory=lambda: list(DEFAULTS[Key.EXPORT_FORMATS]))
    speakers: str = "off"  # SpeakerOptions.parse syntax: "off", "auto" or a count
    glossary: str = ""  # a glossary file for this folder's recordings (after the global one); "" = none

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "WatchFolder":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def speaker_options(self) -> SpeakerOptions:
        try:
            return SpeakerOptions.parse(self.speakers)
        except ValueError:
            log.warning("watch folder %s: speakers %r is not understood; off", self.folder, self.speakers)
            return SpeakerOptions()

    def route(self, settings: Settings) -> WatchRoute:
        """The models side's route: the global text settings plus this folder's glossary."""
        from models.text.pipeline import TextOptions

        base = settings.text_options(Path(self.folder) / "_")
        paths = base.glossary_paths + ((self.glossary,) if self.glossary else ())
        text = TextOptions(glossary_paths=paths, itn=base.itn, script=base.script)
        formats = [f for f in self.formats if f in EXPORT_FORMATS] or ["txt"]
        return WatchRoute(Path(self.folder), Path(self.out_dir) if self.out_dir else None, formats,
                          self.speaker_options(), text)


def load(settings: Settings) -> list[WatchFolder]:
    """The stored folders; a damaged value reads as none (and is logged), never an exception at start."""
    try:
        data = json.loads(settings.value(Key.WATCH_FOLDERS) or "[]")
        return [WatchFolder.from_dict(d) for d in data if isinstance(d, dict) and d.get("folder")]
    except (ValueError, TypeError) as exc:
        log.warning("the watch folders setting cannot be read (%s); none are watched", exc)
        return []


def dump(folders: list[WatchFolder]) -> str:
    return json.dumps([asdict(f) for f in folders], ensure_ascii=False)
