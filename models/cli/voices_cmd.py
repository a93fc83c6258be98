"""`python main.py voices ...`: the voice library from the command line.

    voices add NAME --from TRANSCRIPT.json --speaker LABEL   # LABEL as that JSON writes it (说话人1, or a name)
    voices list | rename OLD NEW | forget NAME | forget --all | export FILE | import FILE

`add` needs the speaker's CAM++ embeddings, which no export carries (voices are biometric data): it finds the
transcript's job in this computer's job history by the JSON's source file, and takes the windows inside that
speaker's sentences (as the JSON labels them) from the history's speaker tables. `transcribe` and `batch` use the
library when it holds voices (`--no-voices` skips it); the helpers for that are here too.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from models.cli.args import add_verbose_argument
from models.core.transcript import Transcript
from models.options import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from models.voices.library import VoiceLibrary, VoiceLibraryError, open_for_run


def add_parser(sub: Any) -> None:
    v = sub.add_parser("voices", help="known voices: name a speaker once, recognised in later transcripts")
    vs = v.add_subparsers(dest="voices_command", required=True)
    a = vs.add_parser("add", help="learn a speaker's voice from a transcript made on this computer")
    a.add_argument("name")
    a.add_argument("--from", dest="source", type=Path, required=True, metavar="TRANSCRIPT.json",
                   help="a JSON export of a transcript made with --speakers")
    a.add_argument("--speaker", required=True, metavar="LABEL", help="the speaker as the JSON names it, e.g. 说话人1")
    vs.add_parser("list", help="the known voices and how many meetings each came from")
    r = vs.add_parser("rename", help="rename a voice")
    r.add_argument("old")
    r.add_argument("new")
    f = vs.add_parser("forget", help="delete a voice, or all of them")
    f.add_argument("name", nargs="?")
    f.add_argument("--all", action="store_true", help="delete every voice (and the record of matches)")
    e = vs.add_parser("export", help="write the voices to a file, to import on another computer")
    e.add_argument("file", type=Path)
    i = vs.add_parser("import", help="add the voices of an exported file")
    i.add_argument("file", type=Path)
    add_verbose_argument(v)


def add_no_voices_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-voices", action="store_true",
                   help="do not name speakers from the known voices (`voices list`)")


def library_for_run(args: argparse.Namespace) -> VoiceLibrary | None:
    """The library `transcribe` and `batch` use: None with --no-voices, without --speakers, when it is empty, or
    when it cannot be read (said once on stderr; the run goes on without names)."""
    speakers = getattr(args, "speakers", None)
    if getattr(args, "no_voices", False) or speakers is None or not speakers.enabled:
        return None
    return open_for_run(lambda msg: print(f"warning: {msg}", file=sys.stderr))


def cmd_voices(args: argparse.Namespace) -> int:
    try:
        lib = VoiceLibrary.open_default()
    except VoiceLibraryError as exc:
        if args.voices_command == "forget" and args.all:  # the way out of a damaged library
            VoiceLibrary(VoiceLibrary.default_path()).forget_all()
            _forget_matches()
            print("forgot all voices", file=sys.stderr)
            return EXIT_OK
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        return _run(lib, args)
    except (KeyError, ValueError, VoiceLibraryError) as exc:
        print(f"error: {str(exc).strip(chr(39))}", file=sys.stderr)
        return EXIT_FAILED


def _run(lib: VoiceLibrary, args: argparse.Namespace) -> int:
    cmd = args.voices_command
    if cmd == "list":
        if not len(lib):
            print("no known voices (learn one with `voices add NAME --from TRANSCRIPT.json --speaker LABEL`)",
                  file=sys.stderr)
        for name in lib.names():
            n = len(lib.voices[name].meetings)
            print(f"{name}\t{n} meeting{'s' if n != 1 else ''}")
        return EXIT_OK
    if cmd == "add":
        return _add(lib, args)
    if cmd == "rename":
        lib.rename(args.old, args.new)
        print(f"renamed {args.old} to {args.new}", file=sys.stderr)
        return EXIT_OK
    if cmd == "forget":
        if args.all == bool(args.name):
            print("error: give a NAME or --all", file=sys.stderr)
            return EXIT_USAGE
        if args.all:
            lib.forget_all()
            _forget_matches()
            print("forgot all voices", file=sys.stderr)
        else:
            lib.delete(args.name)
            print(f"forgot {args.name}", file=sys.stderr)
        return EXIT_OK
    if cmd == "export":
        n = lib.export_to(args.file)
        print(f"{n} voice(s) written to {args.file}; it holds voice prints: keep it private", file=sys.stderr)
        return EXIT_OK
    if cmd == "import":
        names = lib.import_from(args.file)
        print(f"imported {len(names)} voice(s): {', '.join(names)}", file=sys.stderr)
        return EXIT_OK
    return EXIT_USAGE


def _add(lib: VoiceLibrary, args: argparse.Namespace) -> int:
    from models.jobs.store import JobStore
    from models.voices.recognise import learn_speaker

    try:
        t = Transcript.from_dict(json.loads(args.source.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: {args.source} is not a Tingxie JSON transcript ({exc})", file=sys.stderr)
        return EXIT_FAILED
    labels = sorted({s.speaker for s in t.segments if s.speaker >= 0})
    if not labels:
        print(f"error: {args.source} has no speakers (transcribe with --speakers)", file=sys.stderr)
        return EXIT_FAILED
    by_name = {t.speaker_name(k): k for k in labels}
    if args.speaker not in by_name:
        print(f"error: no speaker {args.speaker} in {args.source}; it has {', '.join(by_name)}", file=sys.stderr)
        return EXIT_FAILED
    job, embeddings = find_job_embeddings(JobStore.open_default(fallback=False), t)
    if not embeddings:
        print(f"error: cannot find the speaker embeddings of {Path(t.source).name} in this computer's job history "
              "(the JSON carries no voice data). Transcribe that file here with --speakers first, then run "
              "`voices add` on its new JSON.", file=sys.stderr)
        return EXIT_FAILED
    lesson = learn_speaker(lib, args.name, t.segments, embeddings, label=by_name[args.speaker], meeting=job)
    what = "updated" if lesson.before is not None else "learnt"
    print(f"{what} {args.name}'s voice from {args.speaker} in {Path(t.source).name} "
          f"({len(lesson.after.meetings)} meeting(s))", file=sys.stderr)
    return EXIT_OK


def find_job_embeddings(store: Any, t: Transcript) -> tuple[str, list[Any]]:
    """(job uid, its speaker embeddings) of the history's job for the transcript's source file: the newest job of
    that path that has embeddings, preferring one whose sentence times agree with the JSON's."""
    try:
        src = Path(t.source).expanduser().resolve()
    except (OSError, RuntimeError):
        return "", []
    jobs = sorted((j for j in store.list_jobs() if Path(j.path) == src), key=lambda j: j.updated_at, reverse=True)
    want = [(s.start_ms, s.end_ms) for s in t.segments]
    best: tuple[str, list[Any]] = ("", [])
    for j in jobs:
        emb = store.speaker_embeddings(j.id)
        if not emb:
            continue
        if [(s.start_ms, s.end_ms) for s in store.segments(j.id)] == want:
            return j.uid, emb
        if not best[1]:
            best = (j.uid, emb)
    return best


def _forget_matches() -> None:
    from models.voices.matches import MatchBook

    MatchBook.open_default().forget_all()
