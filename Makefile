# gjj — every target sets up .venv first (only when pyproject.toml or requirements.lock changed since the last install).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

LOCALE := api_client/locale

.PHONY: catalogs lock run test bench snapshot-update lint typecheck layers hooks check mock clean openapi tools

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# exact versions with their hashes from the lock file, then gjj itself (no resolution, no build isolation)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; exit 1; }
	@touch $(STAMP)

lock:  ## re-resolve requirements.lock from pyproject.toml's ranges (exact versions with hashes)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check 'uv>=0.13,<0.14'
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --no-strip-extras --quiet -o requirements.lock

catalogs: $(STAMP)  ## extract the messages from the code into the English catalog (.po), then compile it (.mo)
	@# the Chinese text in the code is the msgid; the .pot is a by-product, the .po and .mo are kept in git
	@mkdir -p $(LOCALE)
	$(BIN)/pybabel --quiet extract --project=gjj --version=0 --add-location=file --sort-by-file --no-wrap \
		-o $(LOCALE)/gjj.pot api_client tui screens
	$(BIN)/pybabel --quiet update -i $(LOCALE)/gjj.pot -d $(LOCALE) -D gjj -l en --init-missing \
		--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --no-wrap
	@rm -f $(LOCALE)/gjj.pot
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D gjj -l en

run: $(STAMP)  ## start gjj on the embedded mock server
	$(BIN)/gjj

mock: $(STAMP)  ## run the standalone mock server on 127.0.0.1:8765
	$(BIN)/gjj-mock

test: $(STAMP) tools  ## Debian packages the tests need (make tools), lint, type-check, check the layers, the whole suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: $(STAMP)  ## measure start-up and the other figures (results in bench/results/)
	$(BIN)/python -m bench $(BENCH)

snapshot-update: $(STAMP)  ## accept the current screens as the new snapshots
	$(BIN)/python -m pytest $(wildcard tests/test_snapshots*.py) --snapshot-update -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

hooks: $(STAMP)  ## run ruff, mypy and the import layers before every commit (pre-commit)
	$(BIN)/pre-commit install

layers: $(STAMP)  ## the import contracts of pyproject.toml (layers, no cycles)
	$(BIN)/lint-imports --no-cache --no-logo

check: lint typecheck layers test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache snapshot_report.html

openapi: $(STAMP)  ## rewrite the committed API contract docs/openapi.json from the code
	$(BIN)/python -m mock_server.openapi

# Debian packages some tests need: LibreOffice (xlsx -> csv) and poppler (pdftotext, pdffonts) to open exports;
# WenQuanYi Zen Hei, the TrueType Chinese font every PDF embeds; chromium and Noto CJK for the browser test;
# wrk for make bench BENCH=load.
TOOLS_DEB := libreoffice-calc-nogui poppler-utils poppler-data fonts-wqy-zenhei chromium fonts-noto-cjk wrk

tools:  ## Debian packages the tests need (see TOOLS_DEB)
	@if dpkg-query -W -f='$${Status}\n' $(TOOLS_DEB) 2>/dev/null | grep -qv '^install ok installed$$' \
		|| ! dpkg-query -W $(TOOLS_DEB) >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null; then \
			SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
				--no-install-recommends $(TOOLS_DEB) >/dev/null; \
		else \
			echo "install by hand: $(TOOLS_DEB) (the tests that need them fail or skip)"; \
		fi; \
	else \
		echo "installed: $(TOOLS_DEB)"; \
	fi
