"""Two inputs on two clocks, written as one two-channel timeline. Qt-free, pure (no threads, no devices).

The microphone is the reference: the file's frame n is the microphone's timeline frame n. The system audio runs
on another device's clock, at a nominal rate that may differ (44.1 vs 48 kHz) and a real rate that drifts from it
(100 ppm is 0.36 s an hour). Each stream logs, at the end of every block, its timeline position and the time
(PortAudio's ADC time when both streams give one, else the arrival time; models/capture/tap.py). ClockFit fits a
line position = rate x time over the last ten minutes of each stream; the system frame that belongs with the
microphone's frame n is then sys.pos_at(mic.time_at(n)).

DriftResampler reads the system audio at fractional positions (linear interpolation) with a step it adjusts at
every chunk: the ratio of the two fitted rates, plus the remaining error spread over two seconds, so the channels
converge without clicks and stay aligned however long the recording (tests/recorder/test_align.py: 100 ppm,
60 minutes). An error above a quarter second (the system stream stalled, a device changed) is jumped at once.

The microphone's audio waits up to `max_wait_s` for the system audio that goes with it; after that (the system
stream stopped delivering) it is written with silence on channel 2, so a stalled second device never holds back
the file (crash safety: what is written survives a kill).
"""
from __future__ import annotations

import logging
from collections import deque

import numpy as np

from models.capture.drain import MAX_PAD_S
from models.capture.tap import InputTap, Piece, TapReader

log = logging.getLogger("tingxie.recorder")

FIT_WINDOW_S = 600.0  # the clock fit looks at the last ten minutes
FIT_EVERY_S = 0.5  # one clock point kept per half second
FIT_MIN_SPAN_S = 5.0  # below this span only the offset is fitted (the slope is the nominal rate)
STEER_S = 2.0  # a remaining alignment error is spread over this much audio
MAX_STEER = 0.002  # the step never differs from the fitted ratio by more than 0.2 % (no audible pitch change)
JUMP_S = 0.25  # an error above this is jumped at once
CHUNK_S = 0.1  # the step is re-steered this often
SYS_KEEP_S = 30.0  # system audio buffered ahead of need at most


class ClockFit:
    """position = intercept + rate x (t - t0), fitted over the recent clock points of one stream."""

    def __init__(self, nominal_rate: float) -> None:
        self.nominal = float(nominal_rate)
        self.points: deque[tuple[float, float]] = deque()  # (t, position)
        self._fit: tuple[float, float] | None = None  # (rate, intercept at t0)
        self.t0 = 0.0

    def reset(self) -> None:
        self.points.clear()
        self._fit = None

    @property
    def ready(self) -> bool:
        return bool(self.points)

    def add(self, t: float, pos: float) -> None:
        if self.points and t - self.points[-1][0] < FIT_EVERY_S:
            return
        if not self.points:
            self.t0 = t
        self.points.append((t, pos))
        while self.points[-1][0] - self.points[0][0] > FIT_WINDOW_S:
            self.points.popleft()
        self._fit = None

    def _line(self) -> tuple[float, float]:
        if self._fit is None:
            pts = np.array(self.points, dtype=np.float64)
            t, p = pts[:, 0] - self.t0, pts[:, 1]
            if t[-1] - t[0] >= FIT_MIN_SPAN_S:
                rate, icpt = np.polyfit(t, p, 1)
            else:  # too short to see the slope: the nominal rate, the offset averaged
                rate, icpt = self.nominal, float(np.mean(p - self.nominal * t))
            self._fit = (float(rate), float(icpt))
        return self._fit

    @property
    def rate(self) -> float:
        return self._line()[0]

    def pos_at(self, t: float) -> float:
        rate, icpt = self._line()
        return icpt + rate * (t - self.t0)

    def time_at(self, pos: float) -> float:
        rate, icpt = self._line()
        return self.t0 + (pos - icpt) / rate


class DriftResampler:
    """Reads one stream at fractional positions of its own timeline, a steered step per output frame."""

    def __init__(self, ratio: float, *, jump: float, keep: int) -> None:
        self.jump, self.keep = jump, keep  # input frames: an error jumped at once; buffered ahead at most
        self.ratio = ratio  # input frames per output frame (nominal, then fitted)
        self.step = ratio
        self.pos: float | None = None  # timeline position of the next output frame (None: not placed yet)
        self.buf = np.zeros(0, dtype=np.float32)
        self.base = 0  # timeline position of buf[0]
        self.jumps = 0

    @property
    def end(self) -> int:
        return self.base + len(self.buf)

    def feed(self, frames: np.ndarray) -> None:
        self.buf = np.concatenate([self.buf, frames.astype(np.float32, copy=False)])

    def steer(self, target: float, ratio: float, horizon: float) -> None:
        """Aim the next output frame at `target` over `horizon` output frames, around `ratio`."""
        self.ratio = ratio
        if self.pos is None or abs(target - self.pos) > self.jump:
            if self.pos is not None:
                self.jumps += 1
                log.info("second stream realigned by %.0f frames", target - self.pos)
            self.pos = target
        err = target - self.pos
        self.step = ratio * (1.0 + float(np.clip(err / (ratio * horizon), -MAX_STEER, MAX_STEER)))

    def available(self) -> int:
        """Output frames that can be read now without running past the buffered input."""
        assert self.pos is not None
        room = self.end - 1 - self.pos
        return 0 if room < 0 else int(room // self.step) + 1

    def read(self, n: int) -> np.ndarray:
        """n output frames (silence where the input has nothing: before it began or past its end)."""
        assert self.pos is not None
        p = self.pos + self.step * np.arange(n, dtype=np.float64) - self.base
        self.pos += self.step * n
        i = np.floor(p).astype(np.int64)
        frac = (p - i).astype(np.float32)
        ok = (i >= 0) & (i + 1 < len(self.buf))
        out = np.zeros(n, dtype=np.float32)
        j = i[ok]
        out[ok] = self.buf[j] * (1 - frac[ok]) + self.buf[j + 1] * frac[ok]
        drop = min(len(self.buf), max(0, int(self.pos) - 1 - self.base))  # what no later frame will read
        keep_from = max(drop, len(self.buf) - self.keep)
        if keep_from > 0:
            self.buf = self.buf[keep_from:]
            self.base += keep_from
        return out


class Aligner:
    """Microphone pieces + system pieces (with their clock rows) in, two-channel pieces out (see module doc)."""

    def __init__(self, mic_rate: int, sys_rate: int, *, max_wait_s: float = 1.0) -> None:
        self.mic_rate, self.sys_rate = mic_rate, sys_rate
        self.mic_fit, self.sys_fit = ClockFit(mic_rate), ClockFit(sys_rate)
        self.sys = DriftResampler(sys_rate / mic_rate, jump=JUMP_S * sys_rate, keep=int(SYS_KEEP_S * sys_rate))
        self.max_wait = int(max_wait_s * mic_rate)
        self.horizon = STEER_S * mic_rate
        self.chunk = max(1, int(CHUNK_S * mic_rate))
        self._mic: deque[Piece] = deque()
        self._mic_waiting = 0  # frames of audio in _mic
        self.out_pos = 0  # file frames given out (the microphone's timeline position of the next one)
        self._use_adc = True  # both streams give ADC times (else both use arrival times: one clock domain)
        self._epochs = [0, 0]
        self.sys_lost_frames = 0

    # ---- input --------------------------------------------------------------------------------------------

    def add_mic(self, pieces: list[Piece], clock: np.ndarray) -> None:
        for p in pieces:
            self._mic.append(p)
            if p.frames is not None:
                self._mic_waiting += len(p.frames)
        self._clock(0, clock)

    def add_system(self, pieces: list[Piece], clock: np.ndarray) -> None:
        for p in pieces:
            if p.frames is not None:
                self.sys.feed(p.frames)
            else:  # lost system audio: silence of that length keeps its timeline
                lost = min(max(0, p.lost), int(MAX_PAD_S * self.sys_rate))
                self.sys.feed(np.zeros(lost, dtype=np.float32))
                self.sys_lost_frames += lost
        self._clock(1, clock)

    def _clock(self, which: int, rows: np.ndarray) -> None:
        fit = (self.mic_fit, self.sys_fit)[which]
        for pos, adc, arrival, epoch in rows:
            if self._use_adc and adc <= 0:  # one stream without timestamps: both on arrival times from now on
                self._use_adc = False
                self.mic_fit.reset()
                self.sys_fit.reset()
            if int(epoch) != self._epochs[which]:  # resumed: the timeline stood still while time ran on
                self._epochs[which] = int(epoch)
                fit.reset()
            fit.add(adc if self._use_adc else arrival, pos)

    # ---- output -------------------------------------------------------------------------------------------

    def take(self, final: bool = False) -> list[Piece]:
        """Two-channel pieces (n x 2 float32) and the microphone's losses, in file order."""
        out: list[Piece] = []
        while self._mic:
            head = self._mic[0]
            if head.frames is None:  # the microphone lost audio: silence on its channel, the system audio goes on
                lost = min(max(0, head.lost), int(MAX_PAD_S * self.mic_rate))
                if not lost:  # a loss of unknown length (no timestamps): noted, nothing to fill
                    out.append(self._mic.popleft())
                    continue
                self._mic[0] = Piece(np.zeros(lost, dtype=np.float32), lost, head.kind)
                self._mic_waiting += lost
                continue
            n = min(len(head.frames), self.chunk)
            ready = self._steer()
            have = self.sys.available() if ready else 0
            if have < n and not final and self._mic_waiting <= self.max_wait:
                if have <= 0:
                    break  # wait for the system audio that goes with it
                n = have
            sys = self.sys.read(n) if ready else np.zeros(n, dtype=np.float32)
            mic = head.frames[:n]
            if n < len(head.frames):
                self._mic[0] = Piece(head.frames[n:], max(0, head.lost - n), head.kind)
            else:
                self._mic.popleft()
            self._mic_waiting -= n
            self.out_pos += n
            out.append(Piece(np.column_stack([mic, sys]), min(n, head.lost), head.kind))
        return out

    def _steer(self) -> bool:
        """Aim the system reader at the frame that goes with the file's next frame; False: no clock yet."""
        if not (self.mic_fit.ready and self.sys_fit.ready):
            return False
        target = self.sys_fit.pos_at(self.mic_fit.time_at(self.out_pos))
        self.sys.steer(target, self.sys_fit.rate / self.mic_fit.rate, self.horizon)
        return True

    @property
    def offset_ms(self) -> float:
        """How far the system channel is from where the clocks say it belongs (ms, + = behind)."""
        if self.sys.pos is None or not (self.mic_fit.ready and self.sys_fit.ready):
            return 0.0
        return (self.sys_fit.pos_at(self.mic_fit.time_at(self.out_pos)) - self.sys.pos) / self.sys_rate * 1000


class PairSource:
    """The writer's source for two inputs: takes what each tap delivered (audio, losses, clock rows) and gives the
    aligned two-channel pieces (models/capture/drain.py PieceSource)."""

    def __init__(self, mic: InputTap, system: InputTap) -> None:
        self.mic, self.system = mic, system
        self._readers = TapReader(mic), TapReader(system)
        self.aligner = Aligner(mic.samplerate, system.samplerate)

    def take(self, final: bool = False) -> list[Piece]:
        self.aligner.add_mic(self._readers[0].take(), self.mic.clock.take())
        self.aligner.add_system(self._readers[1].take(), self.system.clock.take())
        return self.aligner.take(final)


__all__ = ["Aligner", "ClockFit", "DriftResampler", "PairSource"]
