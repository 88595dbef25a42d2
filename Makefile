# Zhiben — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Reinstall when a requirements file changes.
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-test.txt | md5sum | cut -c1-10)
PYTEST := $(BIN)/python -m pytest
# Two workers: the machine the suite is measured on has 2 cores.
WORKERS ?= 2

.PHONY: run test deps venv lint test-sqlite test-pg test-browser migrate demo bench bench-load form-pdf clean

deps:
	@scripts/deps.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-test.txt
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-test.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The scheduler (django-q2 cluster: daily reminder pass, delivery sweep) runs beside the web server;
# `manage.py serve` starts both and stops both within 10 s of Ctrl-C or SIGTERM (core/management/commands/serve.py).
run: deps demo
	@echo "治本 Zhiben: http://127.0.0.1:8000  (logins above, password Zhiben@2026)"
	exec $(BIN)/python manage.py serve 127.0.0.1:8000

test: deps venv lint test-sqlite test-pg test-browser

lint: venv
	$(BIN)/ruff check .
	PYTHONPATH=. $(BIN)/lint-imports

test-sqlite: venv
	$(PYTEST) -m "not browser" -q -n $(WORKERS)

# The PostgreSQL pass runs the tests that touch the database (--db-only, see conftest.py);
# the rest (parser, settings, collectstatic …) do not depend on it and ran on SQLite.
test-pg: venv
	scripts/with_pg.sh $(PYTEST) -m "not browser" -q -n $(WORKERS) --db-only

test-browser: venv
	$(PYTEST) -m browser -q -n $(WORKERS)

bench: deps venv
	$(BIN)/python bench/bench_enterprises.py
	$(BIN)/python bench/bench_hazards.py
	$(BIN)/python bench/bench_parse_plan.py

bench-load: deps venv
	$(BIN)/python bench/load.py

# The issued form (Yunxi attachment 2) as Excel, converted to PDF and PNG by LibreOffice, to be
# looked at beside the attachment (docs/forms/). Not part of `make test`: LibreOffice is large.
form-pdf: demo
	@scripts/deps.sh libreoffice-calc-nogui
	@mkdir -p docs/forms
	$(BIN)/python manage.py dispatch_report --form yunxi-2023 --from $$(date +%Y)-01-01 --to $$(date +%F) \
		--region 150626 --format xlsx --out docs/forms/yunxi-2023.xlsx
	cd docs/forms && soffice --headless --convert-to pdf yunxi-2023.xlsx >/dev/null
	$(BIN)/python -c "import pypdfium2 as p; p.PdfDocument('docs/forms/yunxi-2023.pdf')[0].render(scale=1.6).to_pil().save('docs/forms/yunxi-2023.png')"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
