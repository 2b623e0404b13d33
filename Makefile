# Deep Learning Basics with Keras. `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_NB := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
JOBS   ?= 2
# Unexecuted instructor copies (solutions in place, student outputs kept) that nbval can run.
INSTRUCTOR_NB := build/instructor-nbval

.PHONY: help setup run test test-unit test-jax test-backends test-browser notebooks nav generate lab bench lint \
        slides site clean instructor instructor-notebooks

help:
	@echo "make run        set up .venv, execute every notebook into build/notebooks (+ HTML), time them"
	@echo "make test       set up .venv, run the unit tests (TensorFlow and JAX) and nbval on every notebook"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make notebooks  re-execute the notebooks in place (commit what it produces)"
	@echo "make bench      time every notebook, its slowest cells and the final MLP into benchmarks/RESULTS.md"
	@echo "make generate   rewrite badges, links, install cells and slide metadata (tools/notebooks.py)"
	@echo "make slides     one reveal.js deck per notebook in build/slides (offline, no re-execution)"
	@echo "make site       the course website in build/site (offline, no re-execution)"
	@echo "make test-backends  nbval on every notebook with the JAX backend (make test runs it too)"
	@echo "make test-browser  the slides and the site in headless Chromium (Playwright)"
	@echo "make setup      only create .venv and install requirements.txt and helpers"
	@echo "make instructor executed instructor versions (every exercise solved) + HTML in build/instructor"
	@echo "make instructor-notebooks  the same, not executed, in $(INSTRUCTOR_NB) (fast; for nbval)"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@# setuptools prints an informational "Editable installation" warning block here that a
	@# newcomer cannot act on: PYTHONWARNINGS silences it for this one command.
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(PY) tools/notebooks.py run --html --out build/notebooks

# nbval runs the instructor copies: the student notebooks with every exercise solved (a static
# test proves they are identical elsewhere), so one pass checks the notebooks and the solutions.
test: setup lint slides site instructor-notebooks
	$(PY) -m pytest tests $(INSTRUCTOR_NB) $(PYTEST_NB) -n $(JOBS) --dist loadscope
	KERAS_BACKEND=jax $(PY) -m pytest tests $(INSTRUCTOR_NB) $(PYTEST_NB) -q -n $(JOBS) \
	  --dist loadscope --ignore=tests/test_browser.py

test-backends: setup instructor-notebooks
	KERAS_BACKEND=jax $(PY) -m pytest $(INSTRUCTOR_NB) $(PYTEST_NB) -q -n $(JOBS) --dist loadscope

test-browser: slides site
	$(PY) -m pytest tests/test_browser.py -q

slides: setup
	$(PY) tools/slides.py

site: slides
	$(PY) tools/site.py

test-unit: setup
	$(PY) -m pytest tests -q

test-jax: setup
	KERAS_BACKEND=jax $(PY) -m pytest tests -q

notebooks: setup
	$(PY) tools/notebooks.py run --inplace $(NB)

nav generate: setup
	$(PY) tools/notebooks.py generate

lab: setup
	TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=0 $(VENV)/bin/jupyter lab notebooks/

bench: setup
	$(PY) benchmarks/bench.py $(NB)

instructor: setup
	$(PY) tools/instructor.py run --html --out build/instructor $(NB)

instructor-notebooks: setup
	$(PY) tools/instructor.py write --out $(INSTRUCTOR_NB)

lint: setup instructor-notebooks
	$(VENV)/bin/ruff check helpers tests tools benchmarks notebooks $(INSTRUCTOR_NB)

clean:
	rm -rf build
