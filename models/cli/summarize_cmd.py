"""`summarize TRANSCRIPT.json`: minutes (summary, decisions, action items) from the user's language model.

    python main.py summarize talk.json --endpoint http://127.0.0.1:11434/v1 --model qwen2.5:7b -o talk.md

Reads a Tingxie JSON export (with the user's corrections and speaker names), writes the Markdown (or .docx)
minutes atomically once the summary is complete. Finished chunk replies are kept in a hidden sidecar next to the
output, so after a crash or Ctrl+C the same command asks only for what is left; the sidecar goes once the
minutes are written. An endpoint that is not on this computer is used only after the user agreed (asked once).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from models.summary.options import (DEFAULT_ENDPOINT, DEFAULT_LANGUAGE, DEFAULT_TEMPLATE, LANGUAGES,
                                    READ_TIMEOUT_S, SummaryOptions)

from models.cli.args import add_verbose_argument
from models.options import EXIT_FAILED, EXIT_OK, EXIT_USAGE

API_KEY_ENV = "TINGXIE_SUMMARY_API_KEY"  # keeps the key out of the shell history and the process list


def add_parser(sub: Any) -> None:
    s = sub.add_parser("summarize", help="summary, decisions and action items from your own language model")
    s.add_argument("transcript", type=Path, help="a Tingxie JSON transcript (export format json)")
    s.add_argument("--endpoint", default=DEFAULT_ENDPOINT,
                   help=f"OpenAI-compatible API base URL (default {DEFAULT_ENDPOINT}, Ollama)")
    s.add_argument("--model", default="", help="model name (default: the first the endpoint lists)")
    s.add_argument("--context", type=int, default=0, metavar="TOKENS",
                   help="the model's context length (default: what the endpoint reports, else 4096)")
    s.add_argument("--template", default=DEFAULT_TEMPLATE,
                   help="minutes, interview, lecture, or a template of yours in the config folder")
    s.add_argument("--language", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="language of the prompts")
    s.add_argument("-o", "--output", type=Path, help="FILE.md or FILE.docx (default: TRANSCRIPT.minutes.md)")
    s.add_argument("--timeout", type=float, default=READ_TIMEOUT_S, metavar="SECONDS",
                   help="give up when the model sends nothing for this long")
    s.add_argument("--allow-remote", action="store_true",
                   help="agree to send the transcript to an endpoint that is not on this computer")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress")
    add_verbose_argument(s)


def _load(path: Path) -> Any:
    from models.core.transcript import Transcript

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Transcript.from_dict(data)
    except FileNotFoundError:
        raise SystemExit(_fail(f"{path} does not exist", EXIT_USAGE))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise SystemExit(_fail(f"{path} is not a Tingxie JSON transcript ({exc}); export one with -f json",
                               EXIT_USAGE))


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _consent(endpoint: str, allow_remote: bool) -> bool:
    from models.summary import consent

    if consent.allowed(endpoint):
        return True
    print(f"warning: {consent.warning_text(endpoint)}", file=sys.stderr)
    if not allow_remote:
        if not sys.stdin.isatty():
            print("error: pass --allow-remote to agree, or use a model server on this computer", file=sys.stderr)
            return False
        if input("Send it? [y/N] ").strip().lower() not in ("y", "yes"):
            return False
    consent.allow(endpoint)
    return True


def cmd_summarize(args: argparse.Namespace) -> int:
    from models.core.errors import Cancelled, ExportError
    from models.summary.cache import SidecarCache
    from models.summary.errors import SummaryError
    from models.summary.run import Summarizer, SummaryEvent

    transcript = _load(args.transcript)
    if not transcript.segments:
        return _fail(f"{args.transcript} has no sentences to summarise", EXIT_USAGE)
    out: Path = args.output or args.transcript.with_name(args.transcript.stem + ".minutes.md")
    if out.suffix.lower() not in (".md", ".docx"):
        return _fail(f"{out}: the minutes are written as .md or .docx", EXIT_USAGE)
    if not out.parent.is_dir():
        return _fail(f"the folder {out.parent} does not exist", EXIT_USAGE)
    if not _consent(args.endpoint, args.allow_remote):
        return EXIT_FAILED
    opts = SummaryOptions(endpoint=args.endpoint, model=args.model, api_key=os.environ.get(API_KEY_ENV, ""),
                          context_tokens=max(0, args.context), template=args.template, language=args.language,
                          read_timeout_s=args.timeout)
    cache = SidecarCache(out.with_name(f".{out.name}.summary-cache.json"))

    def progress(e: SummaryEvent) -> None:
        if not args.quiet and (e.started or e.stage == "done"):
            what = "done" if e.stage == "done" else ("from the cache" if e.cached else e.stage)
            print(f"summary: step {e.step}/{e.steps} {what}", file=sys.stderr)

    try:
        minutes = Summarizer(opts, cache).run(transcript, on_event=progress)
        _write(transcript, minutes, out)
    except KeyError as exc:  # an unknown template
        return _fail(str(exc.args[0]), EXIT_USAGE)
    except (SummaryError, ExportError) as exc:
        return _fail(str(exc), EXIT_FAILED)
    except (KeyboardInterrupt, Cancelled):
        print("\ninterrupted; run the same command again to continue where it stopped", file=sys.stderr)
        return 130
    cache.discard()  # the minutes are written: nothing is left to resume
    if not args.quiet:
        print(f"{len(minutes.decisions)} decision(s), {len(minutes.actions)} action item(s) -> {out}", file=sys.stderr)
    return EXIT_OK


def _write(transcript: Any, minutes: Any, out: Path) -> None:
    from models.core.atomic import atomic_write

    if out.suffix.lower() == ".docx":
        from models.export.docx import render_docx

        atomic_write(out, render_docx(transcript, minutes))
    else:
        from models.export.markdown import render_markdown

        atomic_write(out, render_markdown(transcript, minutes).encode("utf-8"))
