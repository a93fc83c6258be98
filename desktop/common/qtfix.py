"""Work around a PySide6 6.12.0 reference-count bug: SignalInstance.emit() returns Py_True without a new reference.

On Python 3.11 (bools are not immortal before 3.12) every `signal.emit(...)` made from Python drops one reference
to True; after a few thousand emits (a long transcription emits progress per batch) the interpreter aborts with
"Fatal Python error: bool_dealloc: deallocating True or False". Measured here: -1 ref per emit, PySide6 6.12.0,
CPython 3.11.7. The patch is installed only when a probe emit shows the leak, so a fixed PySide leaves it off.
Import this module before any signal is emitted (desktop.app.app does; so does every desktop module that emits).
"""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

installed = False


class _Probe(QObject):
    fired = Signal()


def _emit_leaks() -> bool:
    """Emit a few times and compare the refcounts of True/False; give back what the probe's emits took."""
    probe = _Probe()
    n = 8
    true_before, false_before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(n):
        probe.fired.emit()
    lost_true = true_before - sys.getrefcount(True)
    lost_false = false_before - sys.getrefcount(False)
    for _ in range(max(0, lost_true)):
        _incref(True)
    for _ in range(max(0, lost_false)):
        _incref(False)
    return lost_true >= n or lost_false >= n


def install() -> bool:
    """Patch SignalInstance.emit once if this PySide build leaks; returns whether the patch is active."""
    global installed
    if installed or getattr(SignalInstance.emit, "_tingxie_fixed", False):
        installed = True
        return True
    if sys.version_info >= (3, 12) or not _emit_leaks():
        return False
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: object) -> object:
        result = original(self, *args)
        if result is True or result is False:
            _incref(result)  # the reference PySide forgot to give us
        return result

    emit._tingxie_fixed = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit  # type: ignore[method-assign]
    installed = True
    return True


install()


# --- None from void methods ----------------------------------------------------------------------------------------
# The same PySide6 6.12.0 bug for every method that returns nothing: QLabel.setText(), QPainter.fillRect(),
# QSlider.setValue()... hand Python a None without a new reference. Measured here: -1 ref to None per call, and
# None starts with ~4,500 references, so a few seconds of Python painting (the editor's delegate) or playback
# polling abort the app with "Fatal Python error: none_dealloc". Python 3.12 made None, True and False immortal;
# on 3.11 we do the same by hand: their reference counts get 2**40 extra (never reached by leaks, and a count no
# code reads). Only when a probe shows the leak.
def _void_leaks() -> bool:
    probe = _Probe()
    n = 8
    before = sys.getrefcount(None)
    for _ in range(n):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    for _ in range(max(0, lost)):
        _incref(None)
    return lost >= n


def immortalize() -> bool:
    """Give None, True and False a practically endless reference count if void calls leak; True when done."""
    global immortal
    if immortal or sys.version_info >= (3, 12) or not _void_leaks():
        return immortal
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40  # ob_refcnt is PyObject's first field
    immortal = True
    return True


immortal = False
immortalize()


# --- Python thread state of a QThread -----------------------------------------------------------------------------
# PySide 6.12 calls each queued slot in a QThread between PyGILState_Ensure() and PyGILState_Release(); when the
# slot returns, the thread's Python thread state is destroyed and the next slot gets a new one. torch 2.11
# (pybind11 gil_scoped_acquire inside c10::TensorImpl::incref_pyobject) remembers the first one and, in a later
# slot, waits for the GIL with that stale state while this thread already holds the GIL: a silent deadlock of the
# whole app. Reproduced here: Engine.load() in one slot, Engine.transcribe() in the next -> hangs in FSMN-VAD.
# Holding one extra PyGILState_Ensure() for the thread's lifetime keeps a single thread state, as in a Python thread.
_ensure = ctypes.pythonapi.PyGILState_Ensure
_ensure.argtypes = []
_ensure.restype = ctypes.c_int
_release = ctypes.pythonapi.PyGILState_Release
_release.argtypes = [ctypes.c_int]
_release.restype = None


def pin_thread_state() -> int:
    """Call in the worker thread before it runs torch; returns a handle for unpin_thread_state (same thread)."""
    return int(_ensure())


def unpin_thread_state(handle: int) -> None:
    _release(handle)
