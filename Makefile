# Two commands for a newcomer:  make demo  (set up, build the sample)  and  make test.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install clean

$(BIN)/kg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/kg

demo: install
	$(BIN)/kg build data/raeisi-havana-2023.txt --out out/
	@echo "Open out/graph.html in a browser; try: $(BIN)/kg query out/graph.ttl visits"

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/mypy kg

clean:
	rm -rf out/ .pytest_cache
