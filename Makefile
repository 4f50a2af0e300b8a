# Monolith vs API: every command a learner or an instructor needs.
# `make` alone lists them. Each target sets up .venv first if needed, so a fresh clone
# needs no manual step. `make` also lists the settings a command may take (make run API_PORT=8100).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

MODEL_STAMP := var/models/content/metadata.json

# Ports and addresses, one rule for every target. Each program listens on its *_PORT (defaults
# below); the others find it at its *_URL: http://127.0.0.1:<that port> unless set. Give either
# after any target (make run API_PORT=8100, make partner-api API_URL=http://...) or export it
# once in the terminal. Every target that starts or calls a program (CALLERS) passes them all
# on, and the frontend's origin to the APIs as CORS_ORIGINS, so the programs always find each
# other. `make urls` prints the addresses. bench and test start servers of their own, on free
# ports.
MONOLITH_PORT ?= 5050
API_PORT ?= 8000
ML_PORT ?= 8001
FRONTEND_PORT ?= 3000
MCP_PORT ?= 8002
MONOLITH_URL ?= http://127.0.0.1:$(MONOLITH_PORT)
API_URL ?= http://127.0.0.1:$(API_PORT)
ML_URL ?= http://127.0.0.1:$(ML_PORT)
FRONTEND_URL ?= http://127.0.0.1:$(FRONTEND_PORT)
MCP_URL ?= http://127.0.0.1:$(MCP_PORT)
CORS_ORIGINS ?= http://localhost:$(FRONTEND_PORT),$(FRONTEND_URL)
export MONOLITH_PORT API_PORT ML_PORT FRONTEND_PORT MCP_PORT
# The addresses go only to the targets whose programs read them: not to `make test`, whose
# servers must not depend on what a learner exported.
CALLERS := run monolith api ml frontend client partner-api partner-scrape \
	mcp mcp-http mcp-config agent agent-scrape
$(CALLERS): export MONOLITH_URL := $(MONOLITH_URL)
$(CALLERS): export API_URL := $(API_URL)
$(CALLERS): export ML_URL := $(ML_URL)
$(CALLERS): export CORS_ORIGINS := $(CORS_ORIGINS)
# What each address is, as `make urls` and `make run` print them: name, address, pairs.
ADDRESSES = "monolith" "$(MONOLITH_URL)" "catalog API" "$(API_URL)  (docs at /docs)" \
	"ML service" "$(ML_URL)  (docs at /docs)" "frontend" "$(FRONTEND_URL)"

.DEFAULT_GOAL := help
.PHONY: help setup run monolith api ml train evaluate bench bench-ml bench-scale wrk-installed catalog frontend client reset-db partner-key revoke-partner-key monolith-partner-key monolith-revoke-partner-key partner-scrape \
	partner-api check solution reset-exercise test test-postgres test-e2e browsers fuzz screenshots lessons lint format clean \
	doctor wheelhouse lock demo urls mcp mcp-http mcp-config agent agent-scrape scale-demo

help: ## List every target with one line on what it does
	@echo "Monolith vs API: make <target>"
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  %-15s %s\n", $$1, $$2}'
	@echo "Settings: after the target (make run API_PORT=8100) or exported. Their defaults:"
	@echo "  MONOLITH_PORT=5050 API_PORT=8000 ML_PORT=8001 FRONTEND_PORT=3000 MCP_PORT=8002"
	@printf '  %-31s %s\n' \
		"MONOLITH_URL API_URL ML_URL ..." "another address than http://127.0.0.1:<port> (make urls)" \
		"MODEL=content" "the ML service's recommender (popularity: the baseline)" \
		"MONOLITH_REDESIGN=" "1: the monolith's redesigned pages" \
		"MONOLITH_API=" "1: the monolith also serves the partner API" \
		"SEARCH_RATE_LIMIT=120/minute" "searches per client address, both designs (empty: none)" \
		"ENROLLMENT_RATE_LIMIT=20/minute" "enrollments per client address, both designs" \
		"PARTNER_RATE_LIMIT=60/minute" "requests per partner key, catalog API" \
		"DATABASE_URL=" "the catalog API's database: var/api.sqlite3, or postgresql+psycopg://..." \
		"MONOLITH_DATABASE_URL=" "the monolith's: var/monolith.sqlite3, or postgresql+psycopg://..." \
		"REDIS_URL=" "redis://127.0.0.1:6379/0: rate limits counted in Redis, one count for every process" \
		"SCALE_PORT=8080" "nginx's port in make scale-demo" \
		"PYTHON=python3" "the Python that makes .venv (3.11 or newer)" \
		"WHEELHOUSE=wheelhouse" "packages for make setup offline, if it holds any" \
		"UPGRADE=" "1: make lock takes the newest versions pyproject.toml allows"

urls: ## Print the address of each program, from the ports in use (make urls API_PORT=8100)
	@printf '%-13s %s\n' $(ADDRESSES) "MCP server" "$(MCP_URL)/mcp  (make mcp-http)"

# Without internet, pip installs from a wheelhouse: a folder of every package (make wheelhouse).
# wheelhouse/ is used when it holds any; WHEELHOUSE=<folder> names another, WHEELHOUSE= none.
# After a change to the lock, run make wheelhouse again.
WHEELHOUSE ?= $(if $(wildcard wheelhouse/*.whl),wheelhouse)
PIP_SOURCE = $(if $(WHEELHOUSE),--no-index --find-links $(WHEELHOUSE))

# The lock: every package .venv holds, at the version the whole test suite passed with, and the
# hashes pip checks each download against. pyproject.toml keeps ranges, for whoever installs
# the package itself; make setup installs the lock, so a release upstream changes nothing here
# until make lock takes it in.
LOCK := requirements.lock

# The virtual environment is rebuilt only when pyproject.toml or the lock changes (make compares
# times). The lock first, then the project itself, whose dependencies the lock already holds.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; try make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	@echo "Installing packages into $(VENV) (one to two minutes)..."
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) --upgrade pip
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) --no-deps -e .
	@touch $@

setup: $(STAMP) ## Create .venv and install the locked versions (reruns when pyproject.toml or the lock changes)

# uv writes the lock, not pip-compile: with --universal it makes one lock for Linux, macOS and
# Windows and every Python from 3.11 on (a package may get a second version, marked, for an
# older Python or an Intel Mac: [tool.uv] in pyproject.toml); pip-compile resolves for the one
# Python and platform that runs it. uv asks PyPI (a mirror: UV_DEFAULT_INDEX=<its URL>). make lock
# keeps every locked version that pyproject.toml still allows and adds what it newly asks for;
# UPGRADE=1 takes the newest versions instead. Then run make test: the lock is what it passed.
# After the bar (|), .venv need only exist, for uv: it is not reinstalled from the old lock first.
# uv reads the versions to keep from its output file, so it writes a copy of the lock; the copy
# replaces the lock only if it differs (a lock rewritten unchanged would reinstall .venv).
lock: | $(STAMP) ## Write requirements.lock from pyproject.toml (UPGRADE=1: newest versions)
	cp $(LOCK) $(LOCK).new
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command 'make lock' --quiet \
		--output-file $(LOCK).new $(if $(UPGRADE),--upgrade)
	@if cmp -s $(LOCK).new $(LOCK); then rm $(LOCK).new; echo "$(LOCK): no change"; \
	else mv $(LOCK).new $(LOCK); echo "$(LOCK) written: make setup installs it, then make test"; fi

# Everything `make setup` installs, for this platform and this Python: pip, the build backend
# (pyproject.toml's build-system), then the lock's packages, checked against its hashes. Online:
# .venv, if it must be made first, comes from the index (an older wheelhouse may lack a package).
wheelhouse: PIP_SOURCE =
wheelhouse: $(STAMP) ## Download every package into wheelhouse/, so make setup works offline
	$(BIN)/python -m pip download --dest $(or $(WHEELHOUSE),wheelhouse) pip \
		$$($(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"])')
	$(BIN)/python -m pip download --dest $(or $(WHEELHOUSE),wheelhouse) --require-hashes -r $(LOCK)

doctor: ## Before class: Python, free ports, .venv, model, databases, Chromium, offline /docs
	@$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) lessons/instructor/doctor.py

# Ctrl-C reaches honcho, the programs and make alike. honcho stops the programs and exits with
# 130, and the shell waits for it (the trap) and calls that the normal end: so make, which
# reports a recipe killed by Ctrl-C as "Interrupt", has nothing to report.
run: $(STAMP) $(MODEL_STAMP) ## Start every program side by side (Ctrl-C stops them all)
	@echo "Starting CourseHub, both architectures (Ctrl-C stops them all):"
	@printf '  %-13s %s\n' $(ADDRESSES)
	@trap : INT; PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho --procfile Procfile start; \
		status=$$?; if [ $$status -eq 130 ]; then echo "Stopped all four."; else exit $$status; fi

monolith: $(STAMP) $(MODEL_STAMP) ## Run the Flask monolith on http://127.0.0.1:$MONOLITH_PORT (5050)
	$(BIN)/python -m monolith

api: $(STAMP) ## Run the FastAPI catalog API on http://127.0.0.1:$API_PORT (8000), docs at /docs
	$(BIN)/uvicorn decoupled.backend.main:app --host 127.0.0.1 --port $(API_PORT)

# The model is trained from the dataset, and again whenever the dataset or the training code changes.
$(MODEL_STAMP): $(STAMP) data/courses.json $(wildcard decoupled/ml/*.py)
	$(BIN)/python -m decoupled.ml.train

train: $(STAMP) ## Train the recommenders from data/courses.json into var/models/
	$(BIN)/python -m decoupled.ml.train

evaluate: $(MODEL_STAMP) ## Print precision@5 and nDCG@5 of both recommenders
	$(BIN)/python -m decoupled.ml.evaluate

ml: $(MODEL_STAMP) ## Run the ML service on http://127.0.0.1:$ML_PORT (8001), docs at /docs
	$(BIN)/uvicorn decoupled.ml.main:app --host 127.0.0.1 --port $(ML_PORT)

# The benchmarks drive the servers with wrk, a load generator in C (bench/README.md says why).
wrk-installed:
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed: apt install wrk (Debian, Ubuntu) or brew install wrk (macOS)"; exit 1; }

bench: wrk-installed $(MODEL_STAMP) ## Monolith vs decoupled under wrk: search, course, enrollment, page view (4 min)
	$(BIN)/python -m bench.architectures

bench-ml: $(MODEL_STAMP) ## Benchmark: recommendation latency p50/p95, model load and training time
	$(BIN)/python -m bench.ml_latency

bench-scale: wrk-installed $(STAMP) ## Search and recommendations at 1,000, 10,000, 100,000 courses, with a yardstick (6 min)
	$(BIN)/python -m bench.scale

# A made-up catalog from the dataset's own words, the same bytes for the same SIZE; run a
# program on it with DATA_FILE=var/catalog-$(SIZE).json (a new database is seeded from it).
SIZE ?= 100000
catalog: $(STAMP) ## Write a catalog of SIZE made-up courses to var/catalog-SIZE.json (SIZE=100000)
	$(BIN)/python -m bench.catalog --size $(SIZE)

frontend: $(STAMP) ## Serve the browser frontend on http://127.0.0.1:$FRONTEND_PORT (3000)
	$(BIN)/python -m decoupled.frontend

client: $(STAMP) ## Use the API from the Python client: make client ARGS='search "ai agents"'
	$(BIN)/python -m decoupled.client $(ARGS)

reset-db: $(STAMP) ## Delete all enrollments and partner keys; reload both databases from data/
	$(BIN)/flask --app monolith init-db
	$(BIN)/python -m decoupled.backend.cli reset-db

partner-key: $(STAMP) ## Create an API key for a partner: make partner-key NAME=acme
	@test -n "$(NAME)" || (echo "Usage: make partner-key NAME=acme" && exit 2)
	$(BIN)/python -m decoupled.backend.cli create-partner-key "$(NAME)"

revoke-partner-key: $(STAMP) ## Delete a partner's API keys at once: make revoke-partner-key NAME=acme
	@test -n "$(NAME)" || (echo "Usage: make revoke-partner-key NAME=acme" && exit 2)
	$(BIN)/python -m decoupled.backend.cli revoke-partner-key "$(NAME)"

monolith-partner-key: $(STAMP) ## A key for the monolith's own partner API (MONOLITH_API=1): NAME=acme
	@test -n "$(NAME)" || (echo "Usage: make monolith-partner-key NAME=acme" && exit 2)
	$(BIN)/flask --app monolith create-partner-key "$(NAME)"

monolith-revoke-partner-key: $(STAMP) ## Delete a partner's keys for the monolith's API at once: NAME=acme
	@test -n "$(NAME)" || (echo "Usage: make monolith-revoke-partner-key NAME=acme" && exit 2)
	$(BIN)/flask --app monolith revoke-partner-key "$(NAME)"

partner-scrape: $(STAMP) ## The partner scrapes the monolith's HTML into var/partner-scrape.csv
	$(BIN)/python -m partners.scrape_monolith

partner-api: $(STAMP) ## The partner reads the API feed into var/partner-api.csv (needs PARTNER_API_KEY)
	$(BIN)/python -m partners.api_feed

# CourseHub for AI agents (decoupled/mcp_server/), and two agents that use it (agents/).
# `make mcp` prints nothing of its own on stdout: over stdio, stdout carries the protocol.
mcp: $(STAMP) ## The catalog as MCP tools for AI agents, over stdio (ARGS=--http: over HTTP)
	@$(BIN)/python -m decoupled.mcp_server $(ARGS)

mcp-http: $(STAMP) ## The MCP tools over streamable HTTP on http://127.0.0.1:$MCP_PORT/mcp (8002)
	$(BIN)/python -m decoupled.mcp_server --http

mcp-config: $(STAMP) ## Print the line to paste into an MCP-capable agent app
	@$(BIN)/python -m decoupled.mcp_server --config

agent: $(STAMP) ## An AI agent does a student's task with the MCP tools (needs make api, make ml)
	$(BIN)/python -m agents.api_agent $(ARGS)

agent-scrape: $(STAMP) ## The same task by an agent that can only fetch pages (needs make monolith)
	$(BIN)/python -m agents.scraping_agent $(ARGS)

check: $(STAMP) ## Your exercises: make check lists them all; make check EX=04.1 checks one
	@$(BIN)/python -m tests.exercises check $(EX)

solution: $(STAMP) ## Show an exercise's reference solution, a patch: make solution EX=04.1
	@$(BIN)/python -m tests.exercises solution $(EX)

reset-exercise: $(STAMP) ## Put back the files an exercise changes, as last committed: EX=04.1
	@$(BIN)/python -m tests.exercises reset $(EX)

# One pytest per core (pytest-xdist's -n auto), each taking the next test as it is free; the
# tests that share a folder's session-wide servers go to one of them (tests/support/parallel.py).
# A single file or test runs faster without: .venv/bin/pytest tests/monolith/test_search.py.
# Each pytest would compile every test module again without the bytecode cache, which some
# containers turn off (PYTHONDONTWRITEBYTECODE=1): on for the tests.
PARALLEL := -n auto --dist loadgroup
test: export PYTHONDONTWRITEBYTECODE :=
test-postgres: export PYTHONDONTWRITEBYTECODE :=
test: $(STAMP) ## Run the whole test suite
	$(BIN)/pytest $(PARALLEL)

# The same tests, each on its own database on one throwaway PostgreSQL server (scale/postgres.py,
# started as you in a temporary folder, one per pytest process); they skip, saying what to
# install, when there is none.
test-postgres: $(STAMP) ## Run the API's, the monolith's and the parity tests against a throwaway PostgreSQL server
	COURSEHUB_TEST_DATABASE=postgresql $(BIN)/pytest $(PARALLEL) tests/decoupled/backend tests/monolith tests/parity

test-e2e: $(STAMP) ## Run only the real-browser tests (needs Chromium)
	$(BIN)/pytest tests/e2e

# The browser tests and screenshots drive CHROMIUM=..., else the system's Chromium, else this one
# (tests/e2e/chromium.py). Playwright downloads it from its own servers: it needs the internet.
browsers: $(STAMP) ## Download a Chromium for the browser tests, when the system has none
	$(BIN)/playwright install chromium

# The contract checked from outside (tests/fuzz/run.py, settings in schemathesis.toml): both
# services under uvicorn on free ports, a fresh database, the trained model. ARGS go to
# schemathesis: make fuzz ARGS='--seed 42 -n 200'.
fuzz: $(MODEL_STAMP) ## Attack the live catalog API and ML service with schemathesis: every check, every phase
	$(BIN)/python -m tests.fuzz.run $(ARGS)

screenshots: $(STAMP) ## Save screenshots of both architectures into lessons/img/ (needs Chromium)
	$(BIN)/python -m tests.e2e.screenshots

# Past one machine (scale/): PostgreSQL, Redis and nginx, installed on this machine, each run
# as you with its data in var/scale/, started and stopped by the demo. Ctrl-C stops them all
# (the trap: as for make run, the demo's exit on Ctrl-C is the normal end, not an error).
SCALE_PORT ?= 8080
scale-demo: $(STAMP) ## Past one machine: PostgreSQL, Redis, 3 catalog API instances behind nginx, load, 2 stopped mid-load
	@trap : INT; $(BIN)/python -m scale.demo --port $(SCALE_PORT) $(ARGS); \
		status=$$?; if [ $$status -ne 130 ]; then exit $$status; fi

demo: $(MODEL_STAMP) ## The instructor's live demo, step by step: LESSON=05 one lesson, ARGS=--no-pause
	$(BIN)/python -m demo $(if $(LESSON),--lesson $(LESSON)) $(ARGS)

lessons: $(STAMP) ## Rewrite the code shown in lessons/ from the real files
	$(BIN)/python lessons/snippets.py

# lint-imports checks the architecture's boundaries: the contracts in pyproject.toml's
# [tool.importlinter] (the twins share no code; the clients import nothing of the backend).
lint: $(STAMP) ## Check style (ruff lint, ruff format) and the architecture's import boundaries
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

format: $(STAMP) ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove .venv, the databases in var/ and caches
	rm -rf $(VENV) var .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
