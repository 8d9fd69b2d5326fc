# The two commands: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# Test processes: the suite is sized for this 2-core machine; JOBS=0 runs it in one process.
JOBS ?= 2
export FLASK_APP := wsgi

.PHONY: run test install translations lint db clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d eventapp/translations -f

db: install
	$(BIN)/flask db upgrade

run: db
	$(BIN)/flask demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/python -m pytest -n $(JOBS) $(PYTEST_ARGS)

# ruff on everything; mypy on eventapp/ (settings in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy eventapp

# Refresh the message catalogue after adding strings (then translate eventapp/translations/pl).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o eventapp/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i eventapp/translations/messages.pot -d eventapp/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) instance/eventapp.sqlite
