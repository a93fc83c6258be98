"""The voice library applied to a job: name its known speakers after clustering, and learn a speaker's voice.

    found = recognise(store, job_id, job_uid, segments, library)   # JobRunner, after the labels are stored
    lesson = learn_speaker(library, "张三", segments, embeddings, label=0, meeting=job_uid)

`store` is the job history (models.jobs.store.JobStore): only the methods of SpeakerHistory are used, so this
room never imports the jobs room.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import Protocol

from models.core.transcript import Segment
from models.speakers.windows import SegmentEmbeddings
from models.voices.library import Lesson, VoiceLibrary
from models.voices.match import Match, match, speaker_vectors
from models.voices.matches import MatchBook

log = logging.getLogger(__name__)


class SpeakerHistory(Protocol):
    def speaker_embeddings(self, job_id: int) -> list[SegmentEmbeddings]: ...

    def speaker_names(self, job: int) -> dict[int, str]: ...

    def rename_speaker(self, job_id: int, speaker: int, name: str) -> None: ...


def recognise(store: SpeakerHistory, job_id: int, job_uid: str, segments: Sequence[Segment],
              library: VoiceLibrary, book: MatchBook | None = None) -> dict[int, Match]:
    """Give each speaker that matches a known voice its name (in the job history, so every export has it) and
    record the match. Speakers the user already named keep their names and are not compared."""
    if not len(library):
        return {}
    named = store.speaker_names(job_id)
    vectors = {k: v for k, v in speaker_vectors(segments, store.speaker_embeddings(job_id)).items()
               if k not in named}
    taken = set(named.values())
    found = {k: m for k, m in match(vectors, [v for v in library.voices.values() if v.name not in taken]).items()}
    for k, m in found.items():
        store.rename_speaker(job_id, k, m.name)
        log.info("speaker %d is %s (voice score %.2f)", k + 1, m.name, m.score)
    (book if book is not None else MatchBook.open_default()).record(job_uid, found)
    return found


def learn_speaker(library: VoiceLibrary, name: str, segments: Sequence[Segment],
                  embeddings: Sequence[SegmentEmbeddings], label: int | None = None, meeting: str = "",
                  rows: Sequence[int] | None = None) -> Lesson:
    """Teach `name` the voice of speaker `label` in these segments (or of the sentences at `rows`, for
    reassigned sentences). ValueError when there is no embedded speech of them."""
    picked = set(range(len(segments))) if rows is None else set(rows)
    if label is not None:
        picked = {i for i in picked if segments[i].speaker == label}
    # every sentence takes part, so a window at a boundary still goes to the sentence it overlaps most
    marked = [dataclasses.replace(s, speaker=0 if i in picked else 1) for i, s in enumerate(segments)]
    vecs = speaker_vectors(marked, embeddings).get(0)
    if vecs is None:
        raise ValueError(f"no embedded speech for {name} in this transcript (transcribed without speakers?)")
    return library.learn(name, vecs, meeting)


def teach(library: VoiceLibrary, name: str, segments: Sequence[Segment], embeddings: Sequence[SegmentEmbeddings],
          label: int | None = None, meeting: str = "", rows: Sequence[int] | None = None) -> Lesson | None:
    """A correction teaches a known voice: renaming a speaker to `name`, or reassigning sentences (`rows`) to a
    speaker called `name`, adds that speech to the voice when `name` is in the library. None when it is not
    (or there is no embedded speech); the Lesson undoes it."""
    if library.get(name) is None:
        return None
    try:
        return learn_speaker(library, name, segments, embeddings, label, meeting, rows)
    except ValueError as exc:
        log.info("not learnt: %s", exc)
        return None
