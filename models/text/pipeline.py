"""The text steps in their fixed order: glossary -> ITN -> script. The one place that order lives.

    options = TextOptions(glossary_paths=("global.txt", "talks/glossary.txt"), itn=True, script="taiwan")
    segments, report = apply(segments, options)
    job_row["text_options"] = options.to_dict()          # stored with the job: a resumed job uses the same
    options = TextOptions.from_dict(job_row["text_options"])

CLI: add_text_arguments(parser) adds --glossary FILE (repeatable, global first), --itn/--no-itn and --script;
text_options_from_args(args) builds the options. A bad glossary is logged and reported (report.errors), and the
other steps still run.
"""
from __future__ import annotations

import argparse
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from models.core.transcript import Segment
from models.text.align import map_span
from models.text.glossary import Glossary, load_all, merge
from models.text.hotwords import GlossaryMatcher, Replacement
from models.text.itn import itn_segment
from models.options import DEFAULT_SCRIPT, SCRIPTS
from models.text.script import check_script, convert_segment, convert_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextOptions:
    """What the text steps do to a job. glossary (already parsed) is merged after the files (it wins)."""

    glossary_paths: tuple[str, ...] = ()
    glossary: Glossary | None = None
    itn: bool = True
    script: str = DEFAULT_SCRIPT

    def __post_init__(self) -> None:
        object.__setattr__(self, "glossary_paths", tuple(str(p) for p in self.glossary_paths))
        check_script(self.script)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; a parsed glossary is not stored (its files are, by path)."""
        return {"glossary_paths": list(self.glossary_paths), "itn": self.itn, "script": self.script}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "TextOptions":
        d = d or {}
        return cls(glossary_paths=tuple(d.get("glossary_paths", ())), itn=bool(d.get("itn", True)),
                   script=str(d.get("script", DEFAULT_SCRIPT)))


@dataclass
class TextReport:
    replacements: list[Replacement] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # glossary file -> replacements made
    errors: list[str] = field(default_factory=list)  # glossary files that could not be used, with the line
    itn_changed: int = 0  # sentences whose numbers were rewritten
    script: str = DEFAULT_SCRIPT


def resolve_glossary(options: TextOptions, report: TextReport | None = None) -> Glossary:
    """The merged glossary of options (files, then the parsed one). A file that cannot be read is skipped, and so
    is a line that cannot be read (the rest of its file applies); each goes into report.errors, which the caller
    shows once, or into the log when there is no report."""
    loaded, errors = load_all(options.glossary_paths)
    for e in errors:
        message = f"{e}; {'that line is skipped, the rest of the glossary applies' if e.line else 'going on without that glossary'}"
        if report is not None:
            report.errors.append(message)
        else:
            log.warning("%s", message)
    return merge(loaded, options.glossary) if options.glossary is not None else loaded


def glossary_step(seg: Segment, index: int, matcher: GlossaryMatcher) -> tuple[Segment, list[Replacement]]:
    return matcher.apply(seg, index)


def itn_step(seg: Segment) -> Segment:
    return itn_segment(seg)


def script_step(seg: Segment, script: str) -> Segment:
    return convert_segment(seg, script)


def apply(segments: Sequence[Segment], options: TextOptions,
          glossary: Glossary | None = None) -> tuple[list[Segment], TextReport]:
    """Run the steps on every sentence. glossary: an already resolved one (the GUI's watcher), else resolved here.

    Replacement spans (and `new`) refer to the returned sentences' text, after ITN and script; `old` is the text
    as recognised, before the glossary.
    """
    report = TextReport(script=options.script)
    g = glossary if glossary is not None else resolve_glossary(options, report)
    matcher = GlossaryMatcher(g) if not g.is_empty() else None
    out: list[Segment] = []
    for i, seg in enumerate(segments):
        reps: list[Replacement] = []
        if matcher is not None:
            seg, reps = glossary_step(seg, i, matcher)
        after_glossary = seg.text
        if options.itn:
            new = itn_step(seg)
            report.itn_changed += new is not seg
            seg = new
        reps = _follow(reps, after_glossary, seg.text)
        before_script = seg.text
        seg = script_step(seg, options.script)
        if reps and seg.text != before_script:
            # Compare with the character-for-character conversion, so only phrase changes move a span.
            base = convert_text(before_script, "traditional")
            reps = _follow(reps, base if len(base) == len(before_script) else before_script, seg.text)
        report.replacements.extend(reps)
        out.append(seg)
    report.counts = dict(Counter(r.source for r in report.replacements))
    return out, report


class TextSteps:
    """The steps prepared once per file (glossary files read once), run on each VAD segment's sentences as they
    are decoded; each sentence keeps its glossary replacements (Segment.replacements) for the editor."""

    def __init__(self, options: TextOptions) -> None:
        self.options = options
        self.report = TextReport(script=options.script)
        self.glossary = resolve_glossary(options, self.report)  # errors are logged (job warnings) and skipped

    @property
    def active(self) -> bool:
        return self.options.itn or self.options.script != DEFAULT_SCRIPT or not self.glossary.is_empty()

    def __call__(self, segments: Sequence[Segment]) -> list[Segment]:
        if not self.active or not segments:
            return list(segments)
        out, report = apply(segments, self.options, self.glossary)
        by_sentence: dict[int, list[tuple[int, int, str]]] = {}
        for r in report.replacements:
            by_sentence.setdefault(r.sentence, []).append((r.start, r.end, r.old))
        self.report.replacements.extend(report.replacements)
        self.report.itn_changed += report.itn_changed
        return [replace(s, replacements=tuple(by_sentence.get(i, ())), recognised=_recognised(raw, s))
                for i, (raw, s) in enumerate(zip(segments, out))]

    def settings(self) -> dict[str, Any]:
        """What goes into the job's settings key: the options and the glossary's content (an edited glossary file
        is a different setting, so a finished job is not replayed with the old replacements)."""
        import hashlib
        import json

        g = self.glossary
        content = json.dumps([[(t.text, list(t.aliases)) for t in g.terms],
                              [(r.pattern.pattern, r.replacement) for r in g.rules], list(g.blacklist)],
                             ensure_ascii=False)
        return {**self.options.to_dict(), "glossary_paths": len(self.options.glossary_paths),
                "glossary": hashlib.sha256(content.encode()).hexdigest()[:16]}


def _recognised(raw: Segment, final: Segment) -> tuple | None:
    """The recogniser's own sentence when the steps changed it (kept by the job history), else None."""
    if raw.recognised is not None:
        return raw.recognised
    if (raw.text, raw.tokens, raw.token_ms) == (final.text, final.tokens, final.token_ms):
        return None
    return raw.text, raw.tokens, raw.token_ms


def _follow(reps: list[Replacement], before: str, after: str) -> list[Replacement]:
    """Replacement spans moved from the glossary step's text to the final text; `new` is what the user sees."""
    out = []
    for r in reps:
        a, b = map_span(before, after, r.start, r.end) if before != after else (r.start, r.end)
        out.append(replace(r, start=a, end=b, new=after[a:b]))
    return out


def add_text_arguments(parser: argparse.ArgumentParser) -> None:
    """--glossary FILE (repeatable: global first, later files win), --itn/--no-itn, --script."""
    g = parser.add_argument_group("text")
    g.add_argument("--glossary", metavar="FILE", action="append", default=[],
                   help="glossary file (terms, aliases, regex rules); repeat for more, later files win")
    g.add_argument("--itn", action=argparse.BooleanOptionalAction, default=True,
                   help="write numbers as digits (default: on)")
    g.add_argument("--script", choices=SCRIPTS, default=DEFAULT_SCRIPT,
                   help=f"output script (default {DEFAULT_SCRIPT})")


def text_options_from_args(args: argparse.Namespace) -> TextOptions:
    return TextOptions(glossary_paths=tuple(args.glossary or ()), itn=bool(args.itn), script=str(args.script))
