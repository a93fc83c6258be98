"""Map and reduce over the transcript's chunks, with resume and citation checks.

    minutes = Summarizer(opts, cache).run(transcript, on_event=..., cancel=event)

Map: each chunk is summarised in the template's layout; its citations are cleaned against the chunk's own
sentences. Reduce: the notes are merged, in groups that fit the context, until one text is left; its citations
are cleaned against the whole transcript. A transcript that fits one request is summarised in one request.
Every request's reply is put in the cache before the next request starts, so a rerun asks only for what is left.
Nothing is written anywhere else: the caller writes the minutes once they are complete.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from models.core.transcript import Transcript
from models.summary import citations, script, templates
from models.summary.cache import ChunkCache, MemoryCache, request_key
from models.summary.chunks import count_tokens, lines_of, make_chunks, speakers_of
from models.summary.client import ChatClient, Message
from models.summary.errors import ContextOverflow
from models.summary.minutes import Minutes, parse
from models.summary.options import DEFAULT_CONTEXT_TOKENS, MIN_CONTEXT_TOKENS, SummaryOptions

log = logging.getLogger(__name__)
MESSAGE_OVERHEAD = 16  # role markers and chat-template tokens per message, counted generously
MAX_REPLY_TOKENS = 2048


@dataclass(frozen=True)
class SummaryEvent:
    stage: str  # "map" | "reduce" | "done"
    step: int  # this request, from 1
    steps: int  # requests known so far (reduce rounds are added as they become known)
    delta: str = ""  # new text of the reply being streamed ("" when the step starts or came from the cache)
    cached: bool = False  # this step's reply came from the cache
    started: bool = False  # a new step begins: the shown text starts over


def prompt_tokens(messages: list[Message]) -> int:
    return sum(count_tokens(m["content"]) + MESSAGE_OVERHEAD for m in messages)


class Summarizer:
    def __init__(self, opts: SummaryOptions, cache: ChunkCache | None = None, client: ChatClient | None = None) -> None:
        self.opts = opts
        self.cache: ChunkCache = cache if cache is not None else MemoryCache()
        self.client = client or ChatClient(opts)
        self.context = 0
        self.reply_tokens = 0

    def run(self, transcript: Transcript, on_event: Callable[[SummaryEvent], None] | None = None,
            cancel: threading.Event | None = None) -> Minutes:
        emit = on_event or (lambda _e: None)
        model = self.client.resolve_model()
        self.context = self.opts.context_tokens or self.client.context_length(model) or DEFAULT_CONTEXT_TOKENS
        if self.context < MIN_CONTEXT_TOKENS:
            raise ContextOverflow(self.context, f"at least {MIN_CONTEXT_TOKENS} tokens are needed")
        self.reply_tokens = min(MAX_REPLY_TOKENS, self.context // 4)
        tpl = templates.load(self.opts.template, self.opts.language)
        lines = lines_of(transcript)
        wanted = script.detect("".join(ln.text for ln in lines))
        system = tpl.system_for(speakers_of(lines), wanted)
        fixed = prompt_tokens([{"role": "system", "content": system}, {"role": "user", "content": tpl.map + "\n\n"}])
        chunks = make_chunks(lines, self.context - self.reply_tokens - fixed, self.context)
        step = _Steps(len(chunks), emit)
        notes: list[str] = []
        for chunk in chunks:
            user = f"{tpl.map}\n\n{chunk.text}"
            notes.append(self._ask(model, system, user, citations.Sentences(chunk.lines), "map", step, cancel))
        everything = citations.Sentences(lines)
        while len(notes) > 1:
            groups = self._groups(notes, system, tpl.reduce)
            step.more(sum(len(g) > 1 for g in groups))
            notes = [self._ask(model, system, self._reduce_prompt(tpl.reduce, g), everything, "reduce", step, cancel)
                     if len(g) > 1 else g[0] for g in groups]
        final = citations.clean(script.keep(notes[0] if notes else "", wanted), everything)
        emit(SummaryEvent("done", step.n, step.total))
        return parse(final, template=tpl.name, model=model)

    # -- one request
    def _ask(self, model: str, system: str, user: str, sentences: citations.Sentences, stage: str,
             step: "_Steps", cancel: threading.Event | None) -> str:
        messages: list[Message] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        n = step.next(stage)
        key = request_key(model, stage, system, user)
        cached = self.cache.get(key)
        if cached is not None:
            step.emit(SummaryEvent(stage, n, step.total, cached=True, started=True))
            return cached
        if prompt_tokens(messages) + self.reply_tokens > self.context:  # chunking keeps this from happening
            raise ContextOverflow(self.context, "a request would not leave room for the reply")
        step.emit(SummaryEvent(stage, n, step.total, started=True))
        reply = self.client.chat(messages, model, self.reply_tokens, cancel=cancel,
                                 on_delta=lambda d: step.emit(SummaryEvent(stage, n, step.total, delta=d)))
        text = citations.clean(reply.strip(), sentences)
        self.cache.put(key, text)
        return text

    # -- reduce
    @staticmethod
    def _reduce_prompt(instruction: str, notes: list[str]) -> str:
        return instruction + "\n\n" + "\n\n".join(f"### {i}\n{n}" for i, n in enumerate(notes, 1))

    def _groups(self, notes: list[str], system: str, instruction: str) -> list[list[str]]:
        """Consecutive notes packed into requests that fit; at least two per group so every round shrinks."""
        room = self.context - self.reply_tokens - prompt_tokens(
            [{"role": "system", "content": system}, {"role": "user", "content": instruction}])
        per_note = 8  # the "### N" line and blank lines between notes
        fitted = [_trim(n, room // 2 - per_note) for n in notes]
        groups: list[list[str]] = [[]]
        used = 0
        for note in fitted:
            need = count_tokens(note) + per_note
            if groups[-1] and used + need > room:
                groups.append([])
                used = 0
            groups[-1].append(note)
            used += need
        if len(groups) > 1 and len(groups[-1]) == 1:  # a lone last note joins the group before it when it fits
            prev = groups[-2]
            if sum(count_tokens(n) + per_note for n in prev) + count_tokens(groups[-1][0]) + per_note <= room:
                prev.append(groups.pop()[0])
        return groups


def _trim(note: str, room: int) -> str:
    """A note cut at a line end to `room` tokens (only when a reply ran far past its token count)."""
    if count_tokens(note) <= room:
        return note
    log.warning("a part's notes are longer than half the context; their last lines are left out of the merge")
    kept: list[str] = []
    for line in note.splitlines():
        if count_tokens("\n".join([*kept, line])) > room:
            break
        kept.append(line)
    return "\n".join(kept)


class _Steps:
    def __init__(self, total: int, emit: Callable[[SummaryEvent], None]) -> None:
        self.n = 0
        self.total = total
        self.emit = emit

    def next(self, _stage: str) -> int:  # noqa: A003
        self.n += 1
        return self.n

    def more(self, count: int) -> None:
        self.total += count

