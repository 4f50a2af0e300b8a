# Monolith vs API: every command a learner or an instructor needs.
# `make` alone lists them. Each target sets up .venv first if needed, so a fresh clone
# needs no manual step. Override the interpreter with PYTHON=python3.12, ports with
# MONOLITH_PORT=... API_PORT=...

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

MONOLITH_PORT ?= 5050
API_PORT ?= 8000
FRONTEND_PORT ?= 3000
ML_PORT ?= 8001
MCP_PORT ?= 8002
export MONOLITH_PORT API_PORT FRONTEND_PORT ML_PORT MCP_PORT
MODEL_STAMP := var/models/content/metadata.json

# Where each program finds the others. Only the targets that start programs export them, so a
# changed port (make run API_PORT=8080) reaches the frontend's config and the APIs' CORS.
SERVERS := run api ml frontend
$(SERVERS): export API_URL = http://127.0.0.1:$(API_PORT)
$(SERVERS): export ML_URL = http://127.0.0.1:$(ML_PORT)
$(SERVERS): export CORS_ORIGINS = http://localhost:$(FRONTEND_PORT),http://127.0.0.1:$(FRONTEND_PORT)
# The partners' programs follow the same ports, unless told another address: API_URL=... points
# the feed at any server that speaks the contract (the monolith too, with MONOLITH_API=1).
partner-api: export API_URL ?= http://127.0.0.1:$(API_PORT)
partner-scrape: export MONOLITH_URL ?= http://127.0.0.1:$(MONOLITH_PORT)

.DEFAULT_GOAL := help
.PHONY: help setup run monolith api ml train evaluate bench bench-ml frontend client reset-db partner-key revoke-partner-key monolith-partner-key monolith-revoke-partner-key partner-scrape \
	partner-api check solution reset-exercise test test-e2e fuzz screenshots lessons lint format clean \
	doctor wheelhouse demo mcp mcp-http mcp-config agent agent-scrape

help: ## List every target with one line on what it does
	@echo "Monolith vs API: make <target>"
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  %-15s %s\n", $$1, $$2}'

# Without internet, pip installs from a wheelhouse: a folder of every package (make wheelhouse).
# wheelhouse/ is used when it holds any; WHEELHOUSE=<folder> names another, WHEELHOUSE= none.
# After a change to pyproject.toml's dependencies, run make wheelhouse again.
WHEELHOUSE ?= $(if $(wildcard wheelhouse/*.whl),wheelhouse)
PIP_SOURCE = $(if $(WHEELHOUSE),--no-index --find-links $(WHEELHOUSE))

# The virtual environment is rebuilt only when pyproject.toml changes (make compares times).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; try make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) --upgrade pip
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) -e '.[dev]'
	@touch $@

setup: $(STAMP) ## Create .venv and install everything (reruns only when pyproject.toml changes)

# Everything `make setup` installs, for this platform and this Python: pip, the build backend
# (pyproject.toml's build-system) and the project's dependencies with the dev extras. Online:
# .venv, if it must be made first, comes from the index (an older wheelhouse may lack a package).
wheelhouse: PIP_SOURCE =
wheelhouse: $(STAMP) ## Download every package into wheelhouse/, so make setup works offline
	$(BIN)/python -m pip download --dest $(or $(WHEELHOUSE),wheelhouse) pip \
		$$($(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"])') \
		'.[dev]'

doctor: ## Before class: Python, free ports, .venv, model, databases, Chromium, offline /docs
	@$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) lessons/instructor/doctor.py

run: $(STAMP) $(MODEL_STAMP) ## Start every program side by side (Ctrl-C stops them all)
	@echo "Starting CourseHub, both architectures:"
	@echo "  monolith      http://127.0.0.1:$(MONOLITH_PORT)"
	@echo "  catalog API   http://127.0.0.1:$(API_PORT)/docs"
	@echo "  ML service    http://127.0.0.1:$(ML_PORT)/docs"
	@echo "  frontend      http://127.0.0.1:$(FRONTEND_PORT)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho --procfile Procfile start

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

bench: $(MODEL_STAMP) ## Benchmarks: a search and a page view, monolith vs decoupled; then the ML service
	$(BIN)/python -m bench.search_latency
	$(BIN)/python -m bench.ml_latency

bench-ml: $(MODEL_STAMP) ## Benchmark: recommendation latency p50/p95, model load and training time
	$(BIN)/python -m bench.ml_latency

frontend: $(STAMP) ## Serve the browser frontend on http://127.0.0.1:$FRONTEND_PORT (3000)
	$(BIN)/python -m decoupled.frontend

client: $(STAMP) ## Use the API from the Python client: make client ARGS='search "ai agents"'
	$(BIN)/python -m decoupled.client $(ARGS)

reset-db: $(STAMP) ## Delete all enrolments and partner keys; reload both databases from data/
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

test: $(STAMP) ## Run the whole test suite
	$(BIN)/pytest

test-e2e: $(STAMP) ## Run only the real-browser tests (needs Chromium)
	$(BIN)/pytest tests/e2e

# The contract checked from outside (tests/fuzz/run.py, settings in schemathesis.toml): both
# services under uvicorn on free ports, a fresh database, the trained model. ARGS go to
# schemathesis: make fuzz ARGS='--seed 42 -n 200'.
fuzz: $(MODEL_STAMP) ## Attack the live catalog API and ML service with schemathesis: every check, every phase
	$(BIN)/python -m tests.fuzz.run $(ARGS)

screenshots: $(STAMP) ## Save screenshots of both architectures into lessons/img/ (needs Chromium)
	$(BIN)/python -m tests.e2e.screenshots

demo: $(MODEL_STAMP) ## The instructor's live demo, step by step: LESSON=05 one lesson, ARGS=--no-pause
	$(BIN)/python -m demo $(if $(LESSON),--lesson $(LESSON)) $(ARGS)

lessons: $(STAMP) ## Rewrite the code shown in lessons/ from the real files
	$(BIN)/python lessons/snippets.py

lint: $(STAMP) ## Check style: ruff lint and ruff format
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove .venv, the databases in var/ and caches
	rm -rf $(VENV) var .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
