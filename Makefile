# Tensor Hero: `make video` renders the lecture, `make test` checks it.
# Both install what they need first (system packages when run as root,
# a virtualenv with the project and the CPU build of torch).

PYTHON     ?= python3
VENV       ?= .venv
# The CPU wheel; override for a CUDA machine, e.g. TORCH_SPEC='torch==2.13.0'
# with PIP_EXTRA_INDEX_URL pointing at a CUDA index.
TORCH_SPEC ?= torch==2.13.0
QUALITY    ?= high
DEVICE     ?= auto
VOICE      ?= none
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST_ARGS ?=

APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config ffmpeg \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended dvisvgm espeak-ng fonts-dejavu-core chromium
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help video preview test test-tensors bench system setup clean

help:  ## Show the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

video: setup  ## Render the lecture (QUALITY=low|medium|high|4k JOBS=N DEVICE=cpu|cuda VOICE=espeak).
	$(PY) render.py lecture --quality $(QUALITY) --device $(DEVICE) --voice $(VOICE) --jobs $(JOBS)

preview: setup  ## Render the lecture fast at 480p15.
	$(PY) render.py lecture --quality low --device $(DEVICE) --voice $(VOICE) --jobs $(JOBS)

test: setup  ## Run every test (tensors, scenes on screen, CLI).
	$(PY) -m pytest $(PYTEST_ARGS)

test-tensors: $(STAMP)  ## Only the torch tests (add PYTEST_ARGS=--device=cuda on a GPU).
	$(PY) -m pytest tests/tensors $(PYTEST_ARGS)

bench: setup  ## Time the build (see README: Benchmark).
	$(PY) render.py bench

setup: system $(STAMP)  ## Install system packages and the virtualenv.

system:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing system packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "error: missing system packages; install with: sudo apt-get install -y $$missing" >&2; \
		exit 1; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH_SPEC)"
	$(PY) -m pip install -q -e .
	touch $@

clean:  ## Remove build outputs (keeps the virtualenv).
	rm -rf build media
