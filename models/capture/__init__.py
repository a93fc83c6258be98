"""Crash-safe recording from an input device, Qt-free: the CLI (`live`), the benchmark and the window share it."""
