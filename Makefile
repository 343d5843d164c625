# Two commands for a fresh machine (Python 3.10+): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check docs corpora bench clean

$(STAMP): requirements/dev.txt setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements/dev.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $(STAMP)

# Lint the bundled example project's lying test suite, then audit it before and after the
# smoke, fresh-start and end-to-end tests of verified/; findings are the point, so exit 0.
demo: $(STAMP)
	@echo "== flake8 --select=MM tests   (in examples/bookstore)"
	@cd examples/bookstore && ../../$(BIN)/flake8 --select=MM tests; \
	  status=$$?; echo; echo "(flake8 exit status $$status: findings above are what the example is for)"
	@echo; echo "== flake8-mock-misuse audit tests"
	@cd examples/bookstore && ../../$(BIN)/flake8-mock-misuse audit -q tests
	@echo "== flake8-mock-misuse audit tests verified"
	@cd examples/bookstore && ../../$(BIN)/flake8-mock-misuse audit -q tests verified

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast tier for daily work: everything but the fresh virtualenvs and the long end-to-end runs.
check: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

docs: $(STAMP)
	$(BIN)/python scripts/make_docs.py

corpora:
	$(PYTHON) bench/corpora.py

# Not part of the tests: measures the plugin against the performance budgets (see README).
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info
