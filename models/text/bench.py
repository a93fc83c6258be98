"""Time the text steps on a long synthetic transcript (for models/bench; no timed test).

    python -m models.text.bench 3000 0.1   # 3,000 sentences (~3 hours of speech), 10 % of them with numbers
"""
from __future__ import annotations

import random
import statistics
import sys
import time

from models.core.transcript import Segment
from models.text.glossary import parse
from models.text.itn import _clause_edits
from models.text.pipeline import TextOptions, apply

_PLAIN = (
    "欢迎大家来体验达摩院推出的语音识别模型。", "我想问我在滨海新区有房。", "广州市房地产中介协会分析。",
    "你好，很高兴认识你，今天我们来聊一聊天气、音乐，还有最近看过的好书。", "这个问题我们下次再讨论吧。",
    "他一心一意地工作，一个人完成了这个项目。", "我们用鼠标打开软件，看了一下信息。", "请联系厅谢的同事确认一下。",
    "大家对这个方案还有什么意见吗？", "我觉得第一个版本已经很好了，可以先上线试一试。",
)
_NUMBERED = (
    "会议定在二零{y}年{m}月{d}日下午{h}点半。", "今年的销售额增长了百分之{p}，大约{p}点{d}亿元。",
    "请拨打一三八{phone}联系我们。", "这台设备一共花了{amount}元。", "从这里到机场大约{p}公里。",
)
_DIGITS = "零一二三四五六七八九"
_GLOSSARY = "Tingxie: 听写, 厅谢\n达摩院\n滨海新区\n重庆银行\n通义千问: 通一千问\nre: (\\d+)亿元 => \\1亿元\n!not: 上下文\n"


def _cn(n: int) -> str:
    """A spoken Chinese reading of 1 <= n < 10000 (enough for synthetic sentences)."""
    out, units, zero = "", ("千", "百", "十", ""), False
    for i, ch in enumerate(f"{n:04d}"):
        d = int(ch)
        if d == 0:
            zero = bool(out)
            continue
        out += ("零" if zero else "") + _DIGITS[d] + units[i]
        zero = False
    return out[1:] if out.startswith("一十") else out


def synthetic(n_sentences: int, number_share: float = 0.1, ms_per_char: int = 200, seed: int = 1) -> list[Segment]:
    """n sentences; number_share of them hold numbers (each drawn afresh, so no two are alike)."""
    rng = random.Random(seed)
    segs, t = [], 0
    for i in range(n_sentences):
        if rng.random() < number_share:
            text = rng.choice(_NUMBERED).format(
                y="".join(_DIGITS[int(c)] for c in f"{rng.randint(0, 99):02d}"), m=_cn(rng.randint(1, 12)),
                d=_cn(rng.randint(1, 28)), h=_cn(rng.randint(1, 11)), p=_cn(rng.randint(2, 99)),
                amount=_cn(rng.randint(100, 9999)), phone="".join(rng.choice(_DIGITS) for _ in range(8)))
        else:
            text = _PLAIN[rng.randrange(len(_PLAIN))]
        tokens = tuple(c for c in text if c.isalnum())
        token_ms = tuple((t + k * ms_per_char, t + (k + 1) * ms_per_char) for k in range(len(tokens)))
        segs.append(Segment(t, t + len(tokens) * ms_per_char, text, tokens, token_ms, i))
        t += (len(tokens) + 2) * ms_per_char
    return segs


def time_pipeline(n_sentences: int = 3000, script: str = "taiwan", number_share: float = 0.1,
                  repeat: int = 3) -> dict[str, float]:
    """Seconds (median of `repeat` cold runs) for each step alone and for all of them, on n synthetic sentences; the first
    calls (FST, OpenCC and pinyin tables) are warmed up before timing."""
    segs = synthetic(n_sentences, number_share)
    g = parse(_GLOSSARY, "bench-glossary")
    apply(segs[:10], TextOptions(glossary=g, itn=True, script=script))  # load FSTs, OpenCC and pinyin tables
    out: dict[str, float] = {"sentences": float(n_sentences), "number_share": number_share,
                             "audio_hours": round(segs[-1].end_ms / 3_600_000, 2) if segs else 0.0}
    runs = {"glossary_s": TextOptions(glossary=g, itn=False), "itn_s": TextOptions(itn=True),
            "script_s": TextOptions(itn=False, script=script), "all_s": TextOptions(glossary=g, itn=True, script=script)}
    for name, opts in runs.items():
        times = []
        for _ in range(max(1, repeat)):
            _clause_edits.cache_clear()  # every run starts cold, as a new transcript would
            t0 = time.perf_counter()
            apply(segs, opts)
            times.append(time.perf_counter() - t0)
        out[name] = round(statistics.median(times), 3)
    return out


if __name__ == "__main__":
    print(time_pipeline(int(sys.argv[1]) if len(sys.argv) > 1 else 3000,
                        number_share=float(sys.argv[2]) if len(sys.argv) > 2 else 0.1))
