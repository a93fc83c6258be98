"""Tingxie engine: audio decoding, model store, FunASR pipeline, transcripts. Never imports Qt."""
import os as _os

# torch's OpenMP threads spin while waiting for work. When anything else uses the CPU (the GUI, a browser,
# a second job) spinning threads steal each other's cores: measured here with 2 threads on 2 busy cores,
# a 60 s file took 75 s instead of 7 s. Passive waiting must be set before torch loads libgomp.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
