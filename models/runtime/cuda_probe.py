"""Is there a CUDA GPU? Answered without importing torch when the machine has no NVIDIA driver.

`import torch` costs ~485 MB and about a second; a CPU-only process (the torch-free ONNX set) must never pay it just
to learn that there is no GPU. The driver library (libcuda / nvcuda) is asked first through ctypes: no driver or
no device means no CUDA for torch either. Only when a device exists is torch asked (it may be a CPU-only wheel).
"""
from __future__ import annotations

import ctypes
import functools
import logging
import sys

log = logging.getLogger(__name__)

_DRIVER_NAMES = {"win32": ("nvcuda.dll",), "darwin": ()}.get(sys.platform, ("libcuda.so.1", "libcuda.so"))


@functools.lru_cache(maxsize=1)
def driver_device_count() -> int:
    """CUDA devices the NVIDIA driver sees (0 without a driver); never imports torch."""
    for name in _DRIVER_NAMES:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            count = ctypes.c_int(0)
            if lib.cuInit(0) != 0 or lib.cuDeviceGetCount(ctypes.byref(count)) != 0:
                return 0
            return int(count.value)
        except (AttributeError, OSError) as exc:  # a stub or foreign library of that name
            log.debug("%s: %s", name, exc)
            return 0
    return 0


def cuda_available() -> bool:
    """torch.cuda.is_available(), importing torch only if torch is loaded already or the driver sees a GPU."""
    if "torch" not in sys.modules and driver_device_count() == 0:
        return False
    try:
        import torch
    except ImportError:  # a CPU bundle without torch
        return False
    return bool(torch.cuda.is_available())
