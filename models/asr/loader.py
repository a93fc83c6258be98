"""models/runtime/loader.py under its old name, for models/bench/torchao_cpu.py only: the benchmark's maintainer
imports it from models.runtime, then this file goes. Nothing else may import it (tests/layout checks)."""
from models.runtime.loader import LoadedModel, load  # noqa: F401
