"""CT-Transformer punctuation on ONNX Runtime, no torch.

funasr's CTTransformer.inference splits the words into mini-sentences of 20, runs the network on each (with the
unfinished tail of the previous one in front), cuts at the last 。/？ (or, past 200 words, at a comma made 。),
and ends the text with a sentence end. This port keeps that id logic step for step (only the ids are needed:
Recognizer.punctuate maps them to marks), so the ids equal funasr's on the same network (tests/cpu).
The published iic/punc_ct-transformer_zh-cn-common-vocab272727-onnx folder (model.onnx / model_quant.onnx,
config.yaml, tokens.json) loads as is: inputs `inputs` [1, T] int32 and `text_lengths` [1] int32, output `logits`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from models.runtime.onnx_folder import model_conf, read_config, token_list
from models.runtime.ort_session import session

SPLIT_SIZE = 20
CACHE_POP_TRIGGER_LIMIT = 200


def split_words(text_words: list[str]) -> list[str]:
    """funasr's split_words without a jieba dictionary: each CJK char alone, ASCII runs kept together."""
    words: list[str] = []
    for seg in " ".join(text_words).split():
        current = ""
        for c in seg:
            if len(c.encode()) == 1:
                current += c
            else:
                if current:
                    words.append(current)
                    current = ""
                words.append(c)
        if current:
            words.append(current)
    return words


class OnnxPunctuator:
    def __init__(self, folder: Path, quantized: bool = False, threads: int = 1,
                 graph_cache: Path | None = None) -> None:
        conf = read_config(folder)
        mconf = model_conf(conf)
        self.punc_list: list[str] = list(mconf["punc_list"])
        self.sentence_end_id = int(mconf.get("sentence_end_id", 3))
        if conf.get("jieba_usr_dict") or mconf.get("jieba_usr_dict"):
            raise ValueError("word-level punctuation models (jieba dictionary) are not supported on ONNX yet")
        tokens = token_list(folder, conf)
        self.token2id = {t: i for i, t in enumerate(tokens)}
        self.unk_id = self.token2id[conf.get("tokenizer_conf", {}).get("unk_symbol", "<unk>")]
        name = "model_quant.onnx" if quantized else "model.onnx"
        from models.runtime import rewrites

        self.session = session(folder / name, threads, graph_cache, rewrites.for_quantized() if quantized else None)

    def _logits_argmax(self, ids: np.ndarray) -> np.ndarray:
        logits = self.session.run(["logits"], {"inputs": ids[None].astype(np.int32),
                                               "text_lengths": np.array([ids.size], np.int32)})[0]
        return logits[0].argmax(axis=-1)

    def punc_ids(self, words: list[str]) -> list[int]:
        """The punctuation id after each token of split_words(words) (funasr's punc_array)."""
        tokens = split_words(words)
        if not tokens:
            return []
        ids = np.array([self.token2id.get(t, self.unk_id) for t in tokens], np.int32)
        n_mini = max(1, -(-len(tokens) // SPLIT_SIZE))
        marks = self.punc_list
        cache_words: list[str] = []
        cache_ids = np.zeros(0, np.int32)
        out: list[int] = []
        last_text_char = ""
        for k in range(n_mini):
            mini = cache_words + tokens[k * SPLIT_SIZE:(k + 1) * SPLIT_SIZE]
            mini_ids = np.concatenate([cache_ids, ids[k * SPLIT_SIZE:(k + 1) * SPLIT_SIZE]])
            punc = self._logits_argmax(mini_ids)
            if k < n_mini - 1:
                end, last_comma = -1, -1
                for i in range(len(punc) - 2, 1, -1):
                    if marks[punc[i]] in ("。", "？"):
                        end = i
                        break
                    if last_comma < 0 and marks[punc[i]] == "，":
                        last_comma = i
                if end < 0 and len(mini) > CACHE_POP_TRIGGER_LIMIT and last_comma >= 0:
                    end = last_comma
                    punc[end] = self.sentence_end_id
                cache_words, cache_ids = mini[end + 1:], mini_ids[end + 1:]
                mini, punc = mini[:end + 1], punc[:end + 1]
            else:
                last_text_char = self._last_char(mini, punc)
                if last_text_char not in ("。", "？", ".", "?") and len(punc):
                    punc[-1] = self.sentence_end_id  # funasr always ends the text with a sentence end
            out += [int(x) for x in punc]
        return out

    def _last_char(self, mini: list[str], punc: np.ndarray) -> str:
        """The last character funasr's text would have (a mark after the last word, else the word's end)."""
        if not len(punc):
            return ""
        mark = self.punc_list[punc[-1]]
        if mark == "_":
            return mini[-1][-1]
        if len(mini[-1][0].encode()) == 1:
            return {"，": ",", "。": ".", "？": "?"}.get(mark, mark)
        return mark
