"""Caption bookkeeping: streaming words shown after the last final sentence, replaced when their segment ends."""
from __future__ import annotations

from models.core.transcript import Segment
from models.live.captions import Captions


def test_streaming_words_give_way_to_the_final_sentence() -> None:
    c = Captions()
    assert c.add_tokens([("今天", 600), ("开会", 1200), ("好", 3000)])
    assert c.last_lines() == [("今天开会好", False)]
    v = c.version
    # The VAD segment [0, 1500] is decoded: words from chunks ending up to 1500 + 600 ms are its own.
    c.add_final(Segment(0, 1500, "今天开会。"))
    c.close_segment(1500)
    assert c.version > v
    assert c.last_lines() == [("今天开会。", True), ("好", False)]
    # A late streaming word from inside the finished segment is not shown again.
    assert not c.add_tokens([("会", 1800)])
    assert c.add_tokens([("的", 2400)]) and c.partial.text == "好的"
    c.add_final(Segment(2200, 3300, "好的。"))
    c.close_segment(3300)
    assert c.last_lines() == [("今天开会。", True), ("好的。", True)]
    assert c.last_lines(1) == [("好的。", True)]


def test_a_meetings_final_lines_say_whose_side_spoke() -> None:
    from models.options import CHANNEL_LABELS

    c = Captions()
    c.add_final(Segment(0, 900, "你好", channel=1))
    c.add_final(Segment(1000, 1900, "好的", channel=0))
    c.add_final(Segment(2000, 2900, "再见"))  # a one-source recording: no label
    assert c.last_lines(3) == [(f"{CHANNEL_LABELS[1]}：你好", True), (f"{CHANNEL_LABELS[0]}：好的", True), ("再见", True)]
