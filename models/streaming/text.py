"""Streaming tokens -> display-ready text pieces, joined the way the offline recogniser joins words
(models/asr/sentences.join_words after funasr's sentence_postprocess): hanzi run together, one space between two
Latin/digit words, and a BPE piece ending in '@@' glued to the piece after it."""
from __future__ import annotations

SPECIAL = frozenset({"<blank>", "<s>", "</s>", "<unk>"})


class TokenJoiner:
    """Remembers the previous token of a stream: whether the next piece continues a word or starts one."""

    def __init__(self) -> None:
        self._glue = False  # the previous token ended in '@@': the next one continues its word
        self._last = ""  # the last character shown

    def push(self, token: str) -> str:
        """The text to append for `token` ("" for special tokens)."""
        if token in SPECIAL or not token:
            return ""
        glue, self._glue = self._glue, token.endswith("@@")
        text = token[:-2] if self._glue else token
        if not text:
            return ""
        if not glue and _latin(self._last) and _latin(text[0]):
            text = " " + text
        self._last = text[-1]
        return text


def _latin(c: str) -> bool:
    return bool(c) and c.isascii() and c.isalnum()
