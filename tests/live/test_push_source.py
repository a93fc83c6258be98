"""The live source: push() keeps every sample whatever the reader does, and backlog_s says how far behind it is."""
from __future__ import annotations

import numpy as np

from models.audio.sources import PushSource, with_final


def test_unread_audio_is_the_backlog_and_nothing_is_lost() -> None:
    src = PushSource("mic", 16000)
    rng = np.random.default_rng(0)
    audio = (rng.standard_normal(16000 * 3) * 0.1).astype(np.float32)
    for i in range(0, audio.size, 1600):
        src.push(audio[i:i + 1600])
    assert abs(src.backlog_s - 3.0) < 0.05  # nobody has read yet: three seconds behind
    src.close()
    got = [b for b, _final in with_final(src)]
    assert src.backlog_s == 0.0
    out = np.concatenate(got)
    assert out.size == audio.size and np.allclose(out, audio, atol=1e-6)


def test_push_after_close_is_ignored_and_close_is_idempotent() -> None:
    src = PushSource("mic", 16000)
    src.push(np.ones(800, np.float32))
    src.close()
    src.close()
    src.push(np.ones(800, np.float32))
    blocks = [b for b, _f in with_final(src)]
    assert sum(b.size for b in blocks) == 800
