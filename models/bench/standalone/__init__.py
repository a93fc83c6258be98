"""Benchmark rows measured outside Tingxie's package: scripts run by path, in a plain interpreter (ours for the
bare seed recipe, a venv of its own for funasr-onnx), importing nothing from `models`. bench_protocol is their
shared, stdlib-only timing protocol; the in-package worker (models/bench/worker.py) uses the same one."""
