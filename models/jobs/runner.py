"""Running a file through the job history: claim or resume its job, commit as the engine goes.

    transcript = JobRunner(JobStore.open_default()).run(engine, path, on_progress=..., on_segment=..., cancel=...)

Checkpoints. The engine decodes one VAD segment at a time; one VAD segment gives several sentence Segments
(same vad_index), then one on_progress call with segments_done = index + 1 and done_s = that segment's end.
`run` buffers the sentences and, at that progress call, commits them together with (vad_done, resume_ms) in one
transaction. A crash therefore loses at most the VAD segment being decoded. On resume the engine is asked to skip
audio up to resume_ms; sentences of already committed VAD segments that it decodes again anyway (resume_ms is
clamped to the header duration) are dropped by vad_index, so stored + new equals an uninterrupted run.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.core.errors import AudioError, Cancelled, TingxieError
from models.core.textfmt import clock
from models.core.transcript import Progress, Segment, Transcript
from models.jobs.db import HistoryError
from models.jobs.identity import (LIVE_HEAD, ORIGIN, OWNER, FileIdentity, engine_settings, live_origin,
                                  owner_alive, settings_key)
from models.jobs.speakers import prefix_of as spk_prefix
from models.jobs.warning_tap import WarningTap
from models.jobs.job import Job, JobState, transcript_of
from models.jobs.store import JobStore
from models.speakers.options import SpeakerOptions
from models.text.pipeline import TextOptions, TextSteps
from models.voices.library import VoiceLibrary

log = logging.getLogger(__name__)


class JobRunner:
    """Runs files through one JobStore. Keeps no state between runs: one per store is enough."""

    def __init__(self, store: JobStore, voices: VoiceLibrary | None = None) -> None:
        self.store = store
        self.voices = voices  # the default for run(voices=...): the CLI and the batch runner set it once

    def run(self, engine: Any, path: str | Path, on_progress: Callable[[Any], None] | None = None,
            on_segment: Callable[[Segment], None] | None = None, cancel: threading.Event | None = None,
            restart: bool = False, job_id: int | str | None = None,
            on_notice: Callable[[str], None] | None = None,
            on_claimed: Callable[[Job], None] | None = None, text: TextOptions | None = None,
            speakers: SpeakerOptions | None = None, voices: VoiceLibrary | None = None) -> Transcript:
        """Transcribe `path` through the history: resume its job if one matches, commit as it goes.

        on_segment sees every sentence of the final transcript in order, the stored ones first (replayed at once).
        job_id: run that queued job (GUI); a file changed since it was queued, or other settings, start over
        with a notice. restart: forget stored segments first. on_claimed(job) is called once the job is claimed,
        before anything is decoded. speakers: diarization; each VAD segment's embeddings are committed
        with its sentences, and at the end all of them are clustered and every sentence gets a label (the
        transcript's segments have .speaker, .speakers holds the names). voices: the voice library; with
        speakers, each speaker matching a known voice takes its name (models/voices/recognise.py).
        Raises AudioError, Cancelled, HistoryError.
        """
        voices = voices if voices is not None else self.voices
        speakers, notice, notices, steps, settings = _prepare(engine, on_notice, text, speakers)
        job = self._claim(path, settings, restart, job_id, notice)
        if on_claimed:  # the job as this run starts it (a claim may have reset it): where it resumes, for ETAs
            on_claimed(job)
        audio: str | Path | Any = path
        if job.vad_done and job.state is not JobState.DONE and live_origin(job):
            # A live recording cut short (crash): its sentences came from the live VAD, so the file's own VAD
            # would number and cut segments differently. Decode only the audio after the last committed one.
            from models.audio.sources import FileSource

            audio = FileSource(path, start_ms=job.resume_ms)
        return self._run_claimed(engine, job, audio, notice, notices, on_progress, on_segment, cancel, on_notice,
                                 steps, speakers, voices=voices)

    def run_live(self, engine: Any, source: Any, path: str | Path, on_progress: Callable[[Any], None] | None = None,
                 on_segment: Callable[[Segment], None] | None = None, cancel: threading.Event | None = None,
                 on_notice: Callable[[str], None] | None = None, on_claimed: Callable[[Job], None] | None = None,
                 text: TextOptions | None = None, speakers: SpeakerOptions | None = None,
                 on_vad: Callable[[int, int], None] | None = None, voices: VoiceLibrary | None = None
                 ) -> Transcript:
        """Transcribe a recording while it is being made: `source` (models.audio.sources.PushSource) gives its
        audio as it is captured, `path` is the file the recorder writes. Sentences are committed as they land,
        as for a file; once the source is closed and the last segment decoded, the job is bound to the finished
        file, so the history treats it as that file's transcript (and a crash leaves a job that
        models.live.recover binds to the repaired recording, to resume from its last sentence)."""
        speakers, notice, notices, steps, settings = _prepare(engine, on_notice, text, speakers)
        ident = FileIdentity(Path(path).resolve(), 0, 0, LIVE_HEAD)  # no file identity until the recording ends
        with self.store.db.transaction() as c:
            jid = self.store.insert_row(c, ident, settings)
            c.execute("UPDATE jobs SET settings = ?, state = 'running', owner = ?, attempts = 1, updated_at = ? "
                      "WHERE id = ?", (json.dumps({**settings, ORIGIN: "live"}), OWNER, time.time(), jid))
        job = self.store.get(jid)
        if on_claimed:
            on_claimed(job)
        return self._run_claimed(engine, job, source, notice, notices, on_progress, on_segment, cancel, on_notice,
                                 steps, speakers, on_vad, voices if voices is not None else self.voices)

    def _run_claimed(self, engine: Any, job: Job, audio: Any, notice: Callable[..., None], notices: list[str],
                     on_progress: Callable | None, on_segment: Callable | None, cancel: threading.Event | None,
                     on_notice: Callable[[str], None] | None, steps: TextSteps | None,
                     speakers: SpeakerOptions | None, on_vad: Callable[[int, int], None] | None = None,
                     voices: VoiceLibrary | None = None) -> Transcript:
        live = not isinstance(audio, (str, Path)) and getattr(audio, "live", False)
        path = Path(audio) if isinstance(audio, (str, Path)) else Path(audio.name)
        try:
            stored = self.store.segments(job.id) if job.vad_done or job.state is JobState.DONE else []
            if job.state is JobState.DONE:  # claimed a finished job: nothing to compute
                notice(f"{job.name}: already transcribed with these settings; using the saved transcript", False)
                return self._replay(job, path, stored, on_segment, on_progress)
            if job.vad_done:
                notice(f"{job.name}: resuming where it stopped, at {clock(job.resume_ms / 1000)} "
                       f"({len(stored)} sentences already done)", False)
            for s in stored:
                if on_segment:
                    on_segment(s)
            for problem in steps.report.errors if steps is not None else ():
                notice(problem)
            transcript, new = self._transcribe(engine, job, audio, on_segment, on_progress, cancel, notices, on_notice,
                                               steps, speakers, on_vad)
            if live:
                self._bind_recording(job, path, transcript.duration_ms)
            else:
                self._check_unchanged(job, path)
            segments = stored + new
            meeting = any(s.channel >= 0 for s in segments)
            if speakers is not None:  # the embeddings of every VAD segment, this run's and earlier runs'
                from models.speakers.assign import label_meeting, label_speakers

                label = label_meeting if meeting else label_speakers
                segments = label(segments, self.store.speaker_embeddings(job.id), speakers)
                self.store.set_speaker_labels(job.id, segments)
                if voices is not None and len(voices):
                    from models.voices.recognise import recognise

                    recognise(self.store, job.id, job.uid, segments, voices)
            if meeting:  # the channels are speakers the editor shows and renames: 我 and 对方 by default
                if speakers is None:
                    segments = [dataclasses.replace(s, speaker=s.channel) if s.channel >= 0 else s
                                for s in segments]
                    self.store.set_speaker_labels(job.id, segments)
                self.store.name_channels(job.id, segments)
            transcript = dataclasses.replace(transcript, source=str(path), segments=segments,
                                             speakers=self.store.speaker_names(job.id),
                                             speaker_prefix=spk_prefix(job.settings))
            self.store.mark_done(job.id, transcript, notices)
            return transcript
        except (Cancelled, KeyboardInterrupt):
            self.store.safely(self.store.mark_interrupted, job.id)
            raise
        except TingxieError as exc:
            self.store.safely(self.store.mark_failed, job.id, str(exc), notices)
            raise
        except BaseException as exc:
            self.store.safely(self.store.mark_failed, job.id, f"internal error: {type(exc).__name__}: {exc}", notices)
            raise

    def _bind_recording(self, job: Job, path: Path, duration_ms: int) -> None:
        """The live job becomes the finished recording's job (its identity as a file, its length)."""
        try:
            ident = FileIdentity.of(path)
        except AudioError as exc:  # the recording was lost: the transcript is still kept under its name
            log.warning("the recording %s cannot be read after it ended (%s)", path, exc)
            return
        with self.store.db.transaction() as c:
            c.execute("UPDATE jobs SET size = ?, mtime_ns = ?, head_sha256 = ?, duration_ms = ? WHERE id = ?",
                      (ident.size, ident.mtime_ns, ident.head_sha256, duration_ms, job.id))

    def _transcribe(self, engine: Any, job: Job, path: str | Path, on_segment: Callable | None,
                    on_progress: Callable | None, cancel: threading.Event | None, notices: list[str],
                    on_notice: Callable[[str], None] | None,
                    steps: TextSteps | None = None,
                    speakers: SpeakerOptions | None = None,
                    on_vad: Callable[[int, int], None] | None = None) -> tuple[Transcript, list[Segment]]:
        first_new = job.vad_done
        vad_done = job.vad_done
        buffered: list[Segment] = []
        new: list[Segment] = []
        embeddings: list[tuple[int, Any]] = []  # (vad_index, SegmentEmbeddings) not yet committed

        def emb_cb(index: int, rec: Any) -> None:
            if index >= first_new:  # committed ones were stored by the run that decoded them
                embeddings.append((index, rec))

        def seg_cb(s: Segment) -> None:
            if 0 <= s.vad_index < first_new:  # decoded again although committed (see module docstring)
                return
            buffered.append(s)
            if on_segment:
                on_segment(s)

        def prog_cb(p: Any) -> None:
            nonlocal vad_done
            if p.stage != "done" and p.segments_done > vad_done:
                ready = [s for s in buffered if s.vad_index < p.segments_done]
                emb = [e for e in embeddings if e[0] < p.segments_done]
                meeting = speakers is None and any(s.channel >= 0 for s in ready)
                if meeting:  # each channel is its speaker from the start: a live meeting shows 我 / 对方 at once
                    ready = [dataclasses.replace(s, speaker=s.channel) if s.channel >= 0 else s for s in ready]
                self.store.add_segments(job.id, ready, p.segments_done, round(p.done_s * 1000), emb)
                if meeting:
                    self.store.name_channels(job.id, ready)
                new.extend(ready)
                del buffered[:len(ready)]
                del embeddings[:len(emb)]
                vad_done = p.segments_done
            if on_progress:
                on_progress(p)

        tap = WarningTap(on_notice, getattr(engine, "thread_prefix", ""))
        logging.getLogger("models").addHandler(tap)
        try:
            extra: dict[str, Any] = {"text": steps} if steps is not None else {}  # test fakes lack these options
            if speakers is not None:
                extra.update(speakers=speakers, on_embeddings=emb_cb)
            if on_vad is not None:
                extra["on_vad"] = on_vad
            if getattr(path, "start_ms", 0):  # decoding starts after the committed part: numbering goes on
                extra["first_index"] = job.vad_done
            result = engine.transcribe(path, on_segment=seg_cb, on_progress=prog_cb, cancel=cancel,
                                       start_ms=job.resume_ms, **extra)
        finally:
            logging.getLogger("models").removeHandler(tap)
            notices.extend(m for m in tap.messages if m not in notices)
        if buffered or embeddings:  # defensive: the engine reports progress after every VAD segment
            last = max([s.vad_index for s in buffered] + [i for i, _e in embeddings])
            self.store.add_segments(job.id, buffered, max(vad_done, last + 1), job.resume_ms, embeddings)
            new.extend(buffered)
        return result, new

    def _replay(self, job: Job, path: str | Path, stored: list[Segment], on_segment: Callable | None,
                on_progress: Callable | None) -> Transcript:

        for s in stored:
            if on_segment:
                on_segment(s)
        total = job.duration_ms / 1000
        if on_progress:
            on_progress(Progress(total, total, job.vad_done, job.vad_done, "done"))
        self.store.update(job.id, state=JobState.DONE.value, owner="")
        return dataclasses.replace(transcript_of(job, stored, self.store.speaker_names(job.id)), source=str(path))

    def _claim(self, path: str | Path, settings: dict, restart: bool, job_id: int | str | None,
               notice: Callable[[str], None]) -> Job:
        """Pick (or make) the job for this run and mark it running by this process, in one transaction."""
        key = settings_key(settings)
        queued = self.store.get(job_id) if job_id is not None else None
        try:
            ident = FileIdentity.of(path)
        except AudioError as exc:
            if queued is not None:
                msg = f"{exc}. It was moved or deleted after it was added to the queue."
                self.store.mark_failed(queued.id, msg)
                raise AudioError(msg) from None
            raise
        from models.audio import decode as audio

        info = audio.probe(path)  # bad input fails here with its own message, before a job is recorded
        with self.store.db.transaction() as c:
            if queued is not None:
                jid = queued.id
                j = self.store.get(jid)
                # A done job counts as work even with no segments (a silent file): it must not be replayed.
                has_work = bool(j.vad_done) or j.state is JobState.DONE
                if j.settings_key is not None and j.settings_key != key and has_work and not restart:
                    notice(f"{ident.path.name}: the settings changed since this job started; starting over")
                    self.store.reset_rows(c, jid)
                if not ident.same_file(j.identity):
                    if has_work and not restart:
                        notice(f"{ident.path.name} changed after it was added to the queue; transcribing the new "
                               "version from the start")
                        self.store.reset_rows(c, jid)
                    c.execute("UPDATE jobs SET path = ?, size = ?, mtime_ns = ?, head_sha256 = ? WHERE id = ?",
                              (os.fsencode(ident.path), ident.size, ident.mtime_ns, ident.head_sha256, jid))
                kept = {ORIGIN: "live"} if live_origin(j) else {}  # a resumed live recording stays one
                c.execute("UPDATE jobs SET settings_key = ?, settings = ? WHERE id = ?",
                          (key, json.dumps({**settings, **kept}), jid))
            else:
                jid = self.store.find_row(c, ident, key)
                if jid is None:
                    jid = self.store.insert_row(c, ident, settings)
            j = self.store.get(jid)
            if j.state is JobState.RUNNING and j.owner != OWNER and owner_alive(j.owner):
                raise HistoryError(f"{ident.path.name} is already being transcribed by another Tingxie "
                                   f"(process {j.owner.split(':')[1]}).")
            if restart:
                self.store.reset_rows(c, jid)
            state = JobState.DONE.value if j.state is JobState.DONE and not restart else JobState.RUNNING.value
            c.execute("UPDATE jobs SET state = ?, owner = ?, attempts = attempts + 1, error = '', updated_at = ?, "
                      "duration_ms = CASE WHEN state = 'done' THEN duration_ms ELSE ? END WHERE id = ?",
                      (state, OWNER, time.time(), info.duration_ms, jid))
        return self.store.get(jid)

    def _check_unchanged(self, job: Job, path: str | Path) -> None:
        try:
            st = Path(path).stat()
        except OSError:
            log.warning("%s was removed while it was transcribed (all of it had been read)", path)
            return
        if (st.st_size, st.st_mtime_ns) != (job.size, job.mtime_ns):
            raise AudioError(f"{Path(path).name} was modified while it was being transcribed, so the transcript may "
                             "not match it. Transcribe it again.")


def _prepare(engine: Any, on_notice: Callable[[str], None] | None, text: TextOptions | None,
             speakers: SpeakerOptions | None) -> tuple[SpeakerOptions | None, Callable[..., None], list[str],
                                                       TextSteps | None, dict]:
    """What every run starts with: the speaker options if on, a notice function and the list it keeps, the text
    steps (glossary files read once, before the claim) and the settings that key the job."""
    speakers = speakers if speakers is not None and speakers.enabled else None
    notices: list[str] = []

    def notice(msg: str, keep: bool = True) -> None:
        """Tell the user (log -> CLI console; on_notice -> GUI); keep: also record it on the job."""
        log.warning(msg)
        if keep:
            notices.append(msg)
        if on_notice:
            on_notice(msg)

    steps = TextSteps(text) if text is not None else None
    return speakers, notice, notices, steps, engine_settings(engine, steps, speakers)
