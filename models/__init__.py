"""Tingxie engine: audio decoding, model store, FunASR pipeline, transcripts. Never imports Qt."""
import os as _os

# torch's OpenMP threads spin while waiting for work. When anything else uses the CPU (the GUI, a browser,
# a second job) spinning threads steal each other's cores: measured here with 2 threads on 2 busy cores,
# a 60 s file took 75 s instead of 7 s. Passive waiting must be set before torch loads libgomp.
# OMP_MARK records that Tingxie, not the user, chose it (inherited by child processes), so the benchmark can run
# the seed recipe as a user's own script would: with libgomp's default waiting (models/bench/userenv.py).
OMP_MARK = "TINGXIE_SET_OMP_WAIT_POLICY"
if "OMP_WAIT_POLICY" not in _os.environ:
    _os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    _os.environ[OMP_MARK] = "PASSIVE"
