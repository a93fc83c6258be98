"""FSMN-VAD's decision logic (funasr FsmnVADStreaming, offline mode) over whole blocks of frames, in numpy.

funasr walks every 10 ms frame through WindowDetector + DetectOneFrame in Python (~21 % of an INT8 run). Here
the frame states are one vector comparison, the 200 ms window sums one cumsum, and a frame only goes through the
exact per-frame rules (`_one`) when something can happen there: a window change (silence <-> speech), the
end-silence limit, the 60 s segment limit, or the file's last frame. In between, the effects of funasr's
per-frame calls have closed forms (counters, the data-buffer cursor, the open segment's end), applied in bulk.

State names and every rule follow funasr 1.4.16's model.py (DetectOneFrame, OnVoiceStart/End/Detected,
PopDataToOutputBuf, ResetDetection, the non-streaming dynamic silence schedule); only the millisecond results
are kept (the waveform buffers never change them). tests/cpu/test_vad.py compares segments with funasr's.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

NOT_DETECTED, IN_SPEECH, END_DETECTED = 1, 2, 3
SIL, SPEECH = 0, 1
# funasr's DEFAULT_SILENCE_SCHEDULE (non-streaming): (accumulated speech ms, end silence ms)
SCHEDULE = ((10000, 2000), (20000, 1000), (30000, 800), (40000, 600), (50000, 400), (60000, 200),
            (math.inf, 100))


@dataclass
class VadOptions:
    """The config.yaml model_conf values the decision uses (funasr's VADXOptions names)."""

    window_size_ms: int = 200
    sil_to_speech_time_thres: int = 150
    speech_to_sil_time_thres: int = 150
    lookback_time_start_point: int = 200
    lookahead_time_end_point: int = 100
    max_single_segment_time: int = 60000
    max_end_silence_time: int = 800
    do_extend: int = 1
    frame_in_ms: int = 10
    detect_mode: int = 1
    snr_thres: float = -100.0
    decibel_thres: float = -100.0
    speech_2_noise_ratio: float = 1.0
    sil_pdf_ids: list[int] = field(default_factory=lambda: [0])

    @classmethod
    def from_conf(cls, model_conf: dict) -> "VadOptions":
        known = set(cls.__dataclass_fields__)
        opts = cls(**{k: v for k, v in model_conf.items() if k in known})
        # A frame's energy is 10*log10(sum of 400 squares + 1e-6) of [-1, 1] audio: within [-60, 26] dB, so with
        # both thresholds at -100 the energy tests never fail and the frame state is the network's alone.
        if opts.decibel_thres > -60 or opts.snr_thres > -86 or opts.detect_mode != 1 or opts.speech_2_noise_ratio != 1:
            raise NotImplementedError("this VAD configuration needs funasr's per-frame logic (PyTorch VAD)")
        return opts


@dataclass
class _Segment:
    start_ms: int
    end_ms: int
    done: bool = False


class VadDecider:
    """Feed the silence posterior of each frame, block by block; get finished [start_ms, end_ms] segments."""

    def __init__(self, opts: VadOptions, fixed_silence: bool = False) -> None:
        """fixed_silence: the config's max_end_silence_time throughout (live capture) instead of the
        offline dynamic schedule (which waits up to 2 s of silence in a segment's first 10 s of speech)."""
        self.o = opts
        self.fixed_silence = fixed_silence
        self.win = int(opts.window_size_ms / opts.frame_in_ms)
        self.on_thres = int(opts.sil_to_speech_time_thres / opts.frame_in_ms)
        self.off_thres = int(opts.speech_to_sil_time_thres / opts.frame_in_ms)
        self.latency = self.win + (int(opts.lookback_time_start_point / opts.frame_in_ms) if opts.do_extend else 0)
        self.extend = int(opts.lookahead_time_end_point / opts.frame_in_ms)
        self.max_frames = opts.max_single_segment_time / opts.frame_in_ms
        self.frames = 0  # frames decided so far (global index of the next one)
        self.hist = np.zeros(0, np.int64)  # window states since the last reset (last win-1 kept)
        self.pre = SIL
        self.state = NOT_DETECTED
        self.count = 0  # continuous silence frames
        self.latest = 0  # latest confirmed speech frame
        self.start = -1  # confirmed start frame
        self.dbs = 0  # funasr's data_buf_start_frame: where the next segment may start at the earliest
        self.ends = 0  # number_end_time_detected
        # set per block by the schedule, or fixed as funasr's Stats starts it
        self.end_sil_ms = max(opts.max_end_silence_time - opts.speech_to_sil_time_thres, 0) if fixed_silence \
            else opts.max_single_segment_time
        self.noise_thres = 0.6
        self.segments: list[_Segment] = []
        self.accumulated_ms = 0
        self.in_speech = False

    # ---------- per block ----------
    def begin_block(self, block_ms: int) -> None:
        """funasr's dynamic silence schedule, applied before each 60 s chunk (not with a fixed end silence)."""
        if self.fixed_silence:
            return
        if self.state == IN_SPEECH or self.in_speech:
            self.accumulated_ms += block_ms
            self.in_speech = True
        for limit, silence in SCHEDULE:
            if self.accumulated_ms <= limit:
                self.end_sil_ms = max(silence - self.o.speech_to_sil_time_thres, 0)
                self.noise_thres = 0.5
                break

    def frame_states(self, sil_prob: np.ndarray) -> np.ndarray:
        """funasr's GetFrameState for a vector of silence posteriors (float32 scores, as .item() gives them)."""
        s = sil_prob.astype(np.float64)
        with np.errstate(divide="ignore"):
            speech = np.exp(np.log(1.0 - s)) >= np.exp(np.log(s)) + self.noise_thres
        return speech.astype(np.int64)

    def decide(self, sil_prob: np.ndarray, final: bool) -> list[tuple[int, int]]:
        """Run one chunk's frames; the segments funasr's forward() returns for that chunk."""
        n = sil_prob.shape[0]
        if n:
            self._run(self.frame_states(sil_prob), final)
        out = [s for s in self.segments if s.done or final]
        self.segments = [s for s in self.segments if not (s.done or final)]
        if out:
            self.accumulated_ms, self.in_speech = 0, False
        return [(s.start_ms, s.end_ms) for s in out]

    # ---------- frames ----------
    def _run(self, x: np.ndarray, final: bool) -> None:
        base, n, p = self.frames, x.shape[0], 0
        while p < n:
            sums = self._window_sums(x[p:])
            change = np.flatnonzero(sums >= self.on_thres if self.pre == SIL else sums <= self.off_thres)
            q = p + (int(change[0]) if change.size else n - p)  # first frame whose window state changes
            special = min(q, self._next_special(base + p, q - p, final, base + n - 1) - base)
            if special > p:  # frames p..special-1: steady, nothing but bulk effects
                self._bulk(base + p, base + special)
                self.hist = np.concatenate([self.hist, x[p:special]])[-(self.win - 1):]
                p = special
            if p < n:
                self._one(base + p, int(x[p]), final and p == n - 1)
                p += 1
        self.frames = base + n

    def _window_sums(self, x: np.ndarray) -> np.ndarray:
        h = self.hist[-(self.win - 1):]
        arr = np.concatenate([np.zeros(self.win - 1 - h.size, np.int64), h, x])
        cs = np.concatenate([[0], np.cumsum(arr)])
        return cs[self.win:self.win + x.size] - cs[:x.size]

    def _next_special(self, t0: int, n: int, final: bool, last: int) -> int:
        """First frame in [t0, t0+n) of a steady run where the per-frame rules must run (or t0+n)."""
        cands = [t0 + n]
        if final:
            cands.append(last)
        if self.state == IN_SPEECH:
            cands.append(self.start + int(math.floor(self.max_frames)))  # t - start + 1 > max: first such t
            if self.pre == SIL:  # silence count reaches the end-silence limit
                need = -(-self.end_sil_ms // self.o.frame_in_ms)  # count * 10 >= limit
                cands.append(t0 + max(0, need - self.count - 1))
        return max(t0, min(cands))

    def _bulk(self, a: int, b: int) -> None:
        """Frames a..b-1, all Sil2Sil (pre == SIL) or Speech2Speech (pre == SPEECH), no special frame."""
        n = b - a
        if self.pre == SPEECH:
            self.count = 0
            if self.state == IN_SPEECH:
                self._detected_range(a, b)
            return
        if self.state == NOT_DETECTED:
            if b - 1 >= self.latency:
                self.dbs = max(self.dbs, b - 1 - self.latency)
        elif self.state == IN_SPEECH and self.o.do_extend:
            # frames whose silence count (after the increment) is <= extend extend the segment
            k = max(0, min(n, self.extend - self.count))
            if k:
                self._detected_range(a, a + k)
        self.count += n

    def _one(self, t: int, x: int, last: bool) -> None:
        """funasr's WindowDetector.DetectOneFrame + FsmnVADStreaming.DetectOneFrame for frame t."""
        win_sum = int(self.hist[-(self.win - 1):].sum()) + x
        if self.pre == SIL and win_sum >= self.on_thres:
            self.pre, change = SPEECH, "sil2speech"
        elif self.pre == SPEECH and win_sum <= self.off_thres:
            self.pre, change = SIL, "speech2sil"
        else:
            change = "sil2sil" if self.pre == SIL else "speech2speech"
        self.hist = np.concatenate([self.hist, [x]])[-(self.win - 1):]
        if change == "sil2speech":
            self.count = 0
            if self.state == NOT_DETECTED:
                start = max(self.dbs, t - self.latency)
                self.start = start
                self._pop(start)
                self.segments.append(_Segment(start * 10, (start + 1) * 10))
                self.state = IN_SPEECH
                self._detected_range(start + 1, t + 1)
            elif self.state == IN_SPEECH:
                self._detected_range(self.latest + 1, t)
                self._speech_frame(t, last)
        elif change in ("speech2sil", "speech2speech"):
            self.count = 0
            if self.state == IN_SPEECH:
                self._speech_frame(t, last)
        else:
            self.count += 1
            if self.state == NOT_DETECTED:
                if last and self.ends == 0:  # funasr's fake start/end: no segment
                    self.ends += 1
                    self.state = END_DETECTED
                elif t >= self.latency:
                    self.dbs = max(self.dbs, t - self.latency)
            elif self.state == IN_SPEECH:
                if self.count * self.o.frame_in_ms >= self.end_sil_ms:
                    back = int(self.end_sil_ms / self.o.frame_in_ms)
                    if self.o.do_extend:
                        back = max(0, back - self.extend - 1)
                    self._voice_end(t - back)
                elif t - self.start + 1 > self.max_frames:
                    self._voice_end(t)
                elif self.o.do_extend and not last:
                    if self.count <= self.extend:
                        self._detected(t)
                elif last:
                    self._voice_end(t)
        if self.state == END_DETECTED:
            self._reset()

    def _speech_frame(self, t: int, last: bool) -> None:
        if t - self.start + 1 > self.max_frames:
            self._voice_end(t)
        elif not last:
            self._detected(t)
        else:
            self._voice_end(t)

    # ---------- funasr's callbacks, in closed form ----------
    def _pop(self, frame: int) -> None:
        """PopDataToOutputBuf(frame, 1): the buffer cursor moves to the frame, then past it."""
        self.dbs = max(self.dbs, frame) + 1

    def _detected(self, t: int) -> None:
        self.latest = t
        self._pop(t)
        self.segments[-1].end_ms = (t + 1) * 10

    def _detected_range(self, a: int, b: int) -> None:
        """OnVoiceDetected(t) for t in a..b-1."""
        if b <= a:
            return
        self.latest = b - 1
        self.dbs = max(self.dbs + (b - a), b)
        self.segments[-1].end_ms = b * 10

    def _voice_end(self, end: int) -> None:
        self._detected_range(self.latest + 1, end)
        self._pop(end)
        seg = self.segments[-1]
        seg.end_ms, seg.done = (end + 1) * 10, True
        self.ends += 1
        self.state = END_DETECTED

    def _reset(self) -> None:
        self.count, self.latest, self.start = 0, 0, -1
        self.state = NOT_DETECTED
        self.hist = np.zeros(0, np.int64)
        self.pre = SIL
