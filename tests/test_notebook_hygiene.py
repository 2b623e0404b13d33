"""Static checks of the committed, executed notebooks (nbval re-runs them; this reads them).

Every notebook must: be executed top to bottom (execution counts 1..n), hold no error output,
no stderr, no warnings, no progress-bar control characters and no machine-specific paths, follow
the skeleton of DESIGN.md (title, learning goals, setup, check your understanding, summary,
generated navigation), and stay under 2 MB.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as nbtools  # noqa: E402

NOTEBOOK_DIR = ROOT / "notebooks"
PRESENT = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
MACHINE_PATH = re.compile(r"(/root/|/home/[^/\s]+/|/tmp/|/Users/[^/\s]+/|[A-Z]:\\\\Users|/work/)")
NOISE = re.compile(r"(Warning|WARNING|Traceback|oneDNN|absl::|cuda_dnn|Unable to register|"
                   r"This TensorFlow binary)")
#: Widest figure (pixels) that Jupyter and Colab show at its natural size, so that the house
#: style's >= 13 pt text stays >= 13 pt on screen (10 inches at 100 dpi, plus tight-bbox slack).
MAX_FIGURE_PX = 1050
REQUIRED_HEADINGS = ["## Learning goals", "## Setup", "## Check your understanding", "## Summary"]


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _texts(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out.get("name"), _src({"source": out.get("text", "")})
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                yield mime, _src({"source": value})


def test_every_notebook_is_in_the_course_list():
    stems = {s for s, _ in nbtools.COURSE}
    strays = [p.name for p in PRESENT if p.stem not in stems]
    assert not strays, f"notebooks not in tools/notebooks.py COURSE: {strays}"
    assert PRESENT, "no notebooks found in notebooks/"


@pytest.fixture(params=PRESENT, ids=[p.stem for p in PRESENT])
def nb(request):
    return request.param, _load(request.param)


def test_executed_in_order(nb):
    path, book = nb
    counts = [c.get("execution_count") for c in book["cells"]
              if c["cell_type"] == "code" and _src(c).strip()]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..n; run `make notebooks NB={path.stem}`")


def test_no_errors_stderr_or_noise(nb):
    path, book = nb
    problems = []
    for i, cell in enumerate(c for c in book["cells"] if c["cell_type"] == "code"):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"code cell {i}: error {out.get('ename')}")
        for kind, text in _texts(cell):
            if kind == "stderr":
                problems.append(f"code cell {i}: stderr output {text[:120]!r}")
            if NOISE.search(text):
                problems.append(f"code cell {i}: noise {NOISE.search(text).group(0)!r}")
            if "\x1b" in text or "\r" in text.replace("\r\n", "\n"):
                problems.append(f"code cell {i}: control characters (a progress bar?)")
            if hit := MACHINE_PATH.search(text):
                problems.append(f"code cell {i}: machine path {hit.group(0)!r}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_skeleton_and_navigation(nb):
    path, book = nb
    cells = book["cells"]
    title = _src(cells[0])
    assert cells[0]["cell_type"] == "markdown"
    assert title.startswith(f"# {path.stem[:2]} · "), f"{path.name}: title must be '# NN · Title'"
    assert nbtools.nav_line(path.stem) in title, (
        f"{path.name}: navigation line missing or stale; run `python tools/notebooks.py nav`")
    text = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    positions = []
    for heading in REQUIRED_HEADINGS:
        assert re.search(rf"^{re.escape(heading)}\b", text, re.M), f"{path.name}: no {heading!r}"
        positions.append(re.search(rf"^{re.escape(heading)}\b", text, re.M).start())
    assert positions == sorted(positions), f"{path.name}: skeleton sections out of order"
    last_md = [c for c in cells if c["cell_type"] == "markdown"][-1]
    assert nbtools.next_line(path.stem) in _src(last_md), f"{path.name}: next link missing"


def test_setup_cell_and_backend_neutrality(nb):
    path, book = nb
    code = [_src(c) for c in book["cells"] if c["cell_type"] == "code"]
    setup = next((c for c in code if "env.setup(" in c), None)
    assert setup is not None, f"{path.name}: no Setup cell calling env.setup(...)"
    # the generated install cell (checked by test_cloud_install.py) may come first; then Setup
    own = [c for c in code if not c.startswith(nbtools.INSTALL_MARK)]
    assert "env.quiet_startup()" in own[0], (
        f"{path.name}: the first code cell after the install cell must quiet the start-up")
    everything = "\n".join(code)
    assert "KERAS_BACKEND" not in everything, f"{path.name}: notebooks never choose the backend"
    for banned in (r"import (tensorflow|jax|torch)\b", r"\btf\.", r"\bjnp\.", r"input_shape="):
        hit = re.search(banned, everything)
        assert hit is None, f"{path.name}: backend-specific or deprecated {hit.group(0)!r}"
    assert re.search(r"verbose\s*=\s*1\b", everything) is None, f"{path.name}: verbose=1"


def test_house_style_in_setup(nb):
    path, book = nb
    code = [_src(c) for c in book["cells"] if c["cell_type"] == "code"]
    setup = next((c for c in code if "env.setup(" in c), "")
    assert "plots.use_house_style()" in setup, (
        f"{path.name}: the Setup cell must call plots.use_house_style()")


def _png_sizes(book):
    for i, cell in enumerate(c for c in book["cells"] if c["cell_type"] == "code"):
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if png:
                raw = base64.b64decode(_src({"source": png}))
                yield i, struct.unpack(">II", raw[16:24])


def test_figures_fit_the_page(nb):
    path, book = nb
    wide = [f"code cell {i}: {w} px wide" for i, (w, _) in _png_sizes(book) if w > MAX_FIGURE_PX]
    assert not wide, (f"{path.name}: figures wider than {MAX_FIGURE_PX} px are shrunk on screen, "
                      "and their text with them; make them <= 10 in wide:\n" + "\n".join(wide))


def test_metadata_clean(nb):
    path, book = nb
    meta = book.get("metadata", {})
    spec = meta.get("kernelspec", {})
    assert spec.get("name") == "python3" and spec.get("language") == "python", (
        f"{path.name}: needs a Python 3 kernelspec in its metadata, got {spec}")
    leftovers = sorted(set(meta) & {"jupytext", "widgets", "colab", "toc", "varInspector"})
    assert not leftovers, f"{path.name}: authoring leftovers in the metadata: {leftovers}"
    for i, cell in enumerate(book["cells"]):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            assert "application/vnd.jupyter.widget-view+json" not in data, (
                f"{path.name}: cell {i} holds widget output, which GitHub cannot render")
            if set(data) == {"text/html"} and not _src({"source": data["text/html"]}).strip():
                raise AssertionError(f"{path.name}: cell {i} has an empty HTML output box")


def test_exercises_use_self_checks(nb):
    path, book = nb
    cells = book["cells"]
    start = next(i for i, c in enumerate(cells)
                 if c["cell_type"] == "markdown" and "## Check your understanding" in _src(c))
    end = next(i for i, c in enumerate(cells)
               if c["cell_type"] == "markdown" and "## Summary" in _src(c))
    section = cells[start:end]
    n_checks = sum("checks.check_" in _src(c) for c in section if c["cell_type"] == "code")
    n_details = sum("<details>" in _src(c) for c in section if c["cell_type"] == "markdown")
    assert n_checks + n_details >= 2, f"{path.name}: needs >= 2 exercises with checks/answers"
    assert n_checks >= 1, f"{path.name}: needs at least one code exercise with a self-check"


def test_size(nb):
    path, _ = nb
    assert path.stat().st_size <= 2_000_000, f"{path.name} is {path.stat().st_size:,} bytes"


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for stem, _ in nbtools.COURSE:
        if (NOTEBOOK_DIR / f"{stem}.ipynb").exists():
            assert f"notebooks/{stem}.ipynb" in readme, f"README does not list {stem}"
