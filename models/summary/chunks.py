"""The edited transcript as the model reads it, cut into chunks that fit the context.

    张三：
    [00:12:30] 我们下周上线。
    [00:12:34] 测试由我负责。
    李四：
    [00:12:40] 好的。

One line per sentence, its start time in front (what citations point at), the speaker's name above each turn.
Chunks follow speaker turns: a turn goes whole into a chunk when it fits; a turn too long for any chunk, or one that
would leave a chunk mostly empty, is split between sentences; a sentence is never cut.

Tokens are counted conservatively as characters: BPE vocabularies used by chat models spend at most about one
token per character on Chinese, and fewer on Latin text, so a chunk counted this way never overflows.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.core.transcript import Transcript
from models.core.textfmt import clock
from models.summary.errors import ContextOverflow


@dataclass(frozen=True)
class Line:
    start_ms: int
    end_ms: int
    speaker: str  # the name shown ("" without speakers)
    text: str


@dataclass(frozen=True)
class Chunk:
    index: int
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return render(self.lines)


def count_tokens(text: str) -> int:
    return len(text)


def stamp(ms: int) -> str:
    return f"[{clock(ms / 1000, hours=True, pad=True)}]"


def lines_of(t: Transcript) -> list[Line]:
    """The transcript's sentences (with the user's corrections, when t is the edited transcript), names resolved."""
    return [Line(s.start_ms, s.end_ms, t.label(s), " ".join(s.text.split()))
            for s in t.segments if s.text.strip()]


def speakers_of(lines: list[Line]) -> list[str]:
    return list(dict.fromkeys(ln.speaker for ln in lines if ln.speaker))


def _head(name: str) -> str:
    return f"{name}：\n" if name else ""


def _line(ln: Line) -> str:
    return f"{stamp(ln.start_ms)} {ln.text}\n"


def render(lines: tuple[Line, ...] | list[Line]) -> str:
    out: list[str] = []
    prev: str | None = None
    for ln in lines:
        if ln.speaker != prev:
            out.append(_head(ln.speaker))
            prev = ln.speaker
        out.append(_line(ln))
    return "".join(out)


def _turns(lines: list[Line]) -> list[list[Line]]:
    turns: list[list[Line]] = []
    for ln in lines:
        if turns and ln.speaker and turns[-1][-1].speaker == ln.speaker:
            turns[-1].append(ln)
        else:
            turns.append([ln])
    return turns


def make_chunks(lines: list[Line], budget_tokens: int, context_tokens: int = 0) -> list[Chunk]:
    """Chunks whose rendered text is at most budget_tokens. Raises ContextOverflow when one sentence alone is longer
    (context_tokens: only for the message)."""
    chunks: list[list[Line]] = []
    cur: list[Line] = []
    cost = 0

    def flush() -> None:
        nonlocal cur, cost
        if cur:
            chunks.append(cur)
        cur, cost = [], 0

    for turn in _turns(lines):
        whole = count_tokens(_head(turn[0].speaker)) + sum(count_tokens(_line(ln)) for ln in turn)
        if cur and cost + whole <= budget_tokens:
            cur.extend(turn)
            cost += whole
            continue
        if whole <= budget_tokens and (not cur or cost * 2 >= budget_tokens):
            flush()
            cur, cost = list(turn), whole
            continue
        for ln in turn:  # sentence by sentence: the turn is split, never a sentence
            need = count_tokens(_line(ln)) + (count_tokens(_head(ln.speaker)) if not cur or
                                              cur[-1].speaker != ln.speaker else 0)
            if cur and cost + need > budget_tokens:
                flush()
                need = count_tokens(_line(ln)) + count_tokens(_head(ln.speaker))
            if need > budget_tokens:
                raise ContextOverflow(context_tokens or budget_tokens,
                                      f"the sentence at {stamp(ln.start_ms)} alone is longer than the room a chunk "
                                      f"has ({budget_tokens} tokens)")
            cur.append(ln)
            cost += need
    flush()
    return [Chunk(i, tuple(c)) for i, c in enumerate(chunks)]
