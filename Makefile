# Two commands do all set-up on a fresh machine (Python 3.11 with venv), a third opens the notebooks:
#   make run    execute every notebook against the data and build the HTML site in build/site
#   make test   unit tests + nbval re-execution of every committed notebook
#   make lab    open the notebooks in JupyterLab (the project's kernel; jupytext keeps src/*.py paired)
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The venv installs requirements.lock (every transitive pin with its sha256) with uv, pinned here;
# INSTALLER=pip (or a platform without a uv wheel) installs the same lock with pip, more slowly.
UV_VERSION := 0.13.9
UV     := $(VENV)/bin/uv
INSTALLER ?= uv

.PHONY: run test unit e2e lint format nbval bench adapt update clean lab lock

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=... to another Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if [ "$(INSTALLER)" = uv ] && $(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); then \
	  echo "installing requirements.lock with uv $(UV_VERSION)"; \
	  $(UV) pip install --quiet --compile-bytecode --python $(PY) --require-hashes -r requirements.lock && \
	  $(UV) pip install --quiet --compile-bytecode --python $(PY) --no-deps -e .; \
	else \
	  echo "installing requirements.lock with pip"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock && \
	  $(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .; \
	fi
	touch $(STAMP)

# Re-resolve after a change of pyproject.toml's pins: uv.lock (uv lock), requirements.lock (its export,
# with hashes) and environment.yml (from the lock); then `make` installs the new lock.
lock: $(STAMP)
	$(UV) lock
	$(UV) export --quiet --format requirements-txt --no-emit-project -o requirements.lock
	$(PY) -m rotation.run.lockfile

# Executes only the notebooks whose key changed (rotation.run.runcache: source, parameters, package, lock,
# registry rows, the data files each reads); FORCE=1 executes every notebook.
FORCE ?=
run: $(STAMP)
	@$(PY) -m rotation ensure-data
	@$(PY) -m rotation run $(if $(filter 1 yes true,$(FORCE)),--force)

LINTED := lib tests tools notebooks/src

test: $(STAMP) lint
	$(PY) -m pytest tests -q -m "not e2e" -n 2 --dist load --durations=10
	$(PY) -m pytest --nbval --nbval-current-env -q -p no:cacheprovider -n 2 --dist loadscope notebooks --durations=7

unit: $(STAMP)
	$(PY) -m pytest tests -q -m "not slow and not e2e" -p no:nbval -n 2 --dist load

# A clone without the snapshot, end to end: fetch a complete data folder from a local mirror of the
# pinned files and a fake yfinance, then run the notebooks on it (about 90 s; CI runs it after make test).
e2e: $(STAMP)
	$(PY) -m pytest tests -q -m e2e

nbval: $(STAMP)
	$(PY) -m pytest --nbval --nbval-current-env -q -p no:cacheprovider -n 2 --dist loadscope notebooks

# ruff: one line length (110) for the library, the tests, tools/ and the notebooks' sources; mypy on
# the library ([tool.mypy] in pyproject.toml). The pre-commit hooks run the same (.pre-commit-config.yaml).
lint: $(STAMP)
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)
	$(PY) -m mypy

format: $(STAMP)
	$(PY) -m ruff check --fix $(LINTED)
	$(PY) -m ruff format $(LINTED)

# tools/bench.py (outside the installed package): figures as ratios to floor notebooks measured in the
# same run, the execution cache's cases in a copy of the repository; SETUP=1 also times the cold set-up.
SETUP ?=
bench: $(STAMP)
	$(PY) tools/bench.py $(if $(filter 1 yes true,$(SETUP)),--setup)

# Worked example of adapting: the breadth notebook for the window after the November-2024 election.
# Writes its own folder build/adapt/01_breadth_2024_election/ (notebook, HTML, results/) and prints its
# verdicts beside the committed ones; the committed notebooks and results/ are untouched.
adapt: $(STAMP)
	$(PY) -m rotation adapt notebooks/01_breadth.ipynb --out build/adapt/01_breadth_2024_election \
		-p WINDOW_START 2024-11-05 -p WINDOW_END 2025-01-31 -p AS_OF 2025-01-31

clean:
	rm -rf build .pytest_cache

# LAB_ARGS passes options to JupyterLab (e.g. LAB_ARGS="--no-browser --port 8899"); as root (a container)
# it adds --allow-root, without which JupyterLab refuses to start.
LAB_ARGS ?=
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# Refresh the data with yfinance (incremental, into the user cache), then rerun every notebook with the
# cache preferred, so that every series runs to the last market day. Output goes to $(UPDATE_OUT): the
# notebooks, results/ and site/ there; the committed notebooks/ and results/ are never overwritten.
# AS_OF stays each notebook's own (the article's date, at which the claims are judged); UPDATE_AS_OF=last
# (or a date) passes AS_OF to the notebooks instead.
UPDATE_OUT ?= build/update
UPDATE_AS_OF ?=
update: $(STAMP)
	ROTATION_PREFER_CACHE=1 $(PY) -m rotation refresh --rerun $(UPDATE_OUT) $(if $(UPDATE_AS_OF),--as-of $(UPDATE_AS_OF))
