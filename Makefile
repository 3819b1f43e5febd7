# Tensor Hero: `make video` renders the lecture, `make test` checks it.
# Both install what they need first (system packages when run as root,
# a virtualenv with the project and the CPU build of torch). Installers'
# output goes to build/logs/setup.log; the terminal gets one line per step.

PYTHON     ?= python3
VENV       ?= .venv
# The CPU wheel; override for a CUDA machine, e.g. TORCH_SPEC='torch==2.13.0'
# with PIP_EXTRA_INDEX_URL pointing at a CUDA index.
TORCH_SPEC ?= torch==2.13.0
QUALITY    ?= high
DEVICE     ?= auto
VOICE      ?= piper
PAPER      ?= a4
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
# make bench: the scenes timed side by side (BENCH_SCENES= for the whole lecture)
BENCH_SCENES ?= sigma-loop hadamard-product
BENCH_RUNS ?= 3
PYTEST_ARGS ?=

APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config ffmpeg \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended dvisvgm espeak-ng fonts-dejavu-core chromium \
	poppler-utils
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
LOG       := build/logs/setup.log

.PHONY: help video preview test test-tensors lint bench system setup setup-test clean

help:  ## Show the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

video: setup  ## Render the lecture (QUALITY=low|medium|high|4k JOBS=N DEVICE=cpu|cuda VOICE=piper|espeak|none).
	$(PY) render.py lecture --quality $(QUALITY) --device $(DEVICE) --voice $(VOICE) --jobs $(JOBS) --paper $(PAPER)

preview: setup  ## Render the lecture fast at 480p15.
	$(PY) render.py lecture --quality low --device $(DEVICE) --voice $(VOICE) --jobs $(JOBS) --paper $(PAPER)

test: setup-test  ## Run every test (lint, tensors, scenes on screen, the build, the page), in parallel.
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n $(JOBS) --dist loadgroup $(PYTEST_ARGS)

test-tensors: $(STAMP)  ## Only the torch tests (add PYTEST_ARGS=--device=cuda on a GPU).
	$(PY) -m pytest -p no:xdist tests/tensors $(PYTEST_ARGS)

lint: setup-test  ## ruff, as configured in pyproject.toml.
	$(VENV)/bin/ruff check .

bench: setup  ## Time the build: build/bench.md, and every run in build/bench-history.md (README: Benchmark).
	$(PY) render.py bench -q $(QUALITY) --with-voice $(VOICE) --runs $(BENCH_RUNS) -j $(JOBS) $(foreach s,$(BENCH_SCENES),--scene $(s))

setup: system $(STAMP)  ## Install system packages and the virtualenv.

setup-test: setup $(TESTSTAMP)

system:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		mkdir -p $(dir $(LOG)); \
		echo "setup: installing system packages:" $$missing "(log: $(LOG))"; \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends $$missing; } >>$(LOG) 2>&1 \
		|| { tail -n 20 $(LOG); echo "error: apt-get failed (full log: $(LOG))" >&2; exit 1; }; \
	else \
		echo "error: missing system packages; install with: sudo apt-get install -y" $$missing >&2; \
		exit 1; \
	fi

$(STAMP): pyproject.toml
	@mkdir -p $(dir $(LOG))
	@echo "setup: virtualenv $(VENV) with $(TORCH_SPEC) and the project (log: $(LOG))"
	@{ $(PYTHON) -m venv $(VENV) && \
		$(PY) -m pip install -q --upgrade pip && \
		$(PY) -m pip install -q "$(TORCH_SPEC)" && \
		$(PY) -m pip install -q -e . ; } >>$(LOG) 2>&1 \
		|| { tail -n 20 $(LOG); echo "error: pip failed (full log: $(LOG))" >&2; exit 1; }
	@touch $@

$(TESTSTAMP): $(STAMP) pyproject.toml
	@echo "setup: test tools (pytest, pytest-xdist, ruff, nbclient, ipykernel, axe-core) (log: $(LOG))"
	@$(PY) -m pip install -q -e ".[test]" >>$(LOG) 2>&1 \
		|| { tail -n 20 $(LOG); echo "error: pip failed (full log: $(LOG))" >&2; exit 1; }
	@touch $@

clean:  ## Remove build outputs (keeps the virtualenv).
	rm -rf build media
