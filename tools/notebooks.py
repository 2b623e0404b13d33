"""The notebook list, generated notebook parts, and headless execution with timing.

    python tools/notebooks.py run [NB ...] [--inplace] [--html] [--out build/notebooks]
    python tools/notebooks.py generate [--repo OWNER/NAME] [--ref REF]   # alias: nav

``run`` executes each notebook on a fresh kernel (this Python's ``ipykernel``), shows progress
(cells done of total, elapsed and expected seconds), prints a table of wall times, and exits
non-zero if any notebook failed. Without ``--inplace`` the executed copies (and with ``--html``
their HTML) go to ``--out``; with it, the notebooks themselves are regenerated and rewritten,
which is how the committed outputs are made (``make notebooks``).

``generate`` rewrites every generated part of every notebook and of the README from one setting,
:data:`REPOSITORY` and :data:`REF` below: the Colab and Kaggle badges and the navigation line of
each title cell, the closing "next" line, the install cell, every cell's slide type
(``metadata.slideshow``, from the rules before :func:`slide_types`), and the README's badge
column and Binder badge. With ``--repo``/``--ref`` it first stores the new setting in this file,
so a fork or a new release is one command:
``python tools/notebooks.py generate --repo you/fork --ref main``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

#: (file stem, title) in course order. The README table and the navigation come from here.
COURSE = [
    ("00_keras_basics", "Keras basics"),
    ("01_preprocessing_and_whitening", "Preprocessing and whitening"),
    ("02_dense_networks", "Dense networks"),
    ("03_activation_functions", "Activation functions"),
    ("04_weight_initialization", "Weight initialization"),
    ("05_optimizers_and_learning_rates", "Optimizers and learning rates"),
    ("06_regularization_dropout_batchnorm", "Regularization: dropout and batch norm"),
    ("07_early_stopping_and_callbacks", "Early stopping and callbacks"),
    ("08_fashion_mnist", "Fashion-MNIST end to end"),
    ("09_convolutional_networks", "Convolutional networks"),
]

#: THE ONE SETTING behind every badge, absolute link and install cell: the public GitHub
#: repository (owner/name) and the ref students open, a release tag rather than a moving branch.
#: Change both with ``python tools/notebooks.py generate --repo OWNER/NAME --ref REF``.
REPOSITORY = "dl-basics/deep-learning-basics-keras"
REF = "v0.1.0"

NAV_MARK = "<!-- nav -->"
NEXT_MARK = "<!-- next -->"
BADGES_MARK = "<!-- badges -->"
BINDER_MARK = "<!-- binder -->"
#: First line of the generated install cell; the generator finds the cell by it.
INSTALL_MARK = "# Installs this course's helpers package where it is missing"
#: Environment variable that replaces the install cell's source (a local path or wheel; tests).
SOURCE_ENV = "DLB_HELPERS_SOURCE"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
KAGGLE_BADGE = "https://kaggle.com/static/images/open-in-kaggle.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"

#: Environment for notebook kernels: quiet TensorFlow, no stray GUI backend.
KERNEL_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0",
              "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def _label(stem: str, title: str) -> str:
    return f"{stem[:2]} · {title}"


def github_url(path: str, *, repository: str | None = None, ref: str | None = None) -> str:
    """The GitHub page of a file of the repository at the ref (absolute: works in Colab too)."""
    return f"https://github.com/{repository or REPOSITORY}/blob/{ref or REF}/{path}"


def colab_url(stem: str) -> str:
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{REF}/notebooks/{stem}.ipynb"


def kaggle_url(stem: str) -> str:
    return f"https://kaggle.com/kernels/welcome?src={github_url(f'notebooks/{stem}.ipynb')}"


def binder_url() -> str:
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{REF}?urlpath=lab/tree/notebooks"


def _contents() -> str:
    return f"[Contents]({github_url('README.md')}#the-notebooks)"


def _notebook_link(stem: str, text: str) -> str:
    return f"[{text}]({github_url(f'notebooks/{stem}.ipynb')})"


def badges(stem: str) -> str:
    """The Colab and Kaggle badges of one notebook (no marker: the README's table uses it too)."""
    return (f"[![Open in Colab]({COLAB_BADGE})]({colab_url(stem)}) "
            f"[![Open in Kaggle]({KAGGLE_BADGE})]({kaggle_url(stem)})")


def badges_line(stem: str) -> str:
    """The badge line of a notebook's title cell."""
    return f"{badges(stem)} {BADGES_MARK}"


def binder_line() -> str:
    """The README's Binder badge (JupyterLab on the notebooks folder, built from binder/)."""
    return f"[![Launch Binder]({BINDER_BADGE})]({binder_url()}) {BINDER_MARK}"


def nav_line(stem: str) -> str:
    """The navigation line of a notebook's title cell: previous · contents · next.

    The links are absolute (the repository's GitHub pages at :data:`REF`): relative links
    break in Colab and Kaggle, absolute ones work everywhere.
    """
    stems = [s for s, _ in COURSE]
    i = stems.index(stem)
    parts = []
    if i > 0:
        s, t = COURSE[i - 1]
        parts.append(_notebook_link(s, f"← {_label(s, t)}"))
    parts.append(_contents())
    if i + 1 < len(COURSE):
        s, t = COURSE[i + 1]
        parts.append(_notebook_link(s, f"{_label(s, t)} →"))
    return " · ".join(parts) + " " + NAV_MARK


def next_line(stem: str) -> str:
    """The closing line of a notebook: the link to the next one (or back to the contents)."""
    stems = [s for s, _ in COURSE]
    i = stems.index(stem)
    if i + 1 < len(COURSE):
        s, t = COURSE[i + 1]
        return f"**Next:** {_notebook_link(s, _label(s, t))} · {_contents()} {NEXT_MARK}"
    return f"**That is the whole course.** Back to the {_contents()} {NEXT_MARK}"


def helpers_version() -> str:
    """The helpers package's version, read from its one place (``helpers/__init__.py``)."""
    text = (ROOT / "helpers" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def install_source() -> str:
    """Where the install cell installs helpers from: the repository at :data:`REF`."""
    return f"git+https://github.com/{REPOSITORY}@{REF}"


def install_cell() -> str:
    """The source of the install cell that precedes the Setup cell in every notebook.

    Only where ``helpers`` (at this version) cannot be imported, it pip-installs the helpers
    package, and only it: its dependencies (NumPy, matplotlib, Keras) have lower bounds only, so
    pip leaves the platform's versions in place. Once installed, a restarted runtime imports it
    and the cell does nothing; in a local clone it never does anything. ``DLB_HELPERS_SOURCE``
    replaces the source (a local path or wheel), which is how the tests run it offline.
    """
    return f"""{INSTALL_MARK} (Colab, Kaggle, a fresh Jupyter):
# that package only, never the platform's TensorFlow, Keras or NumPy. Does nothing in a clone.
import importlib.util
import os
import subprocess
import sys

helpers = importlib.util.find_spec("helpers") and importlib.import_module("helpers")
if getattr(helpers, "__version__", None) != "{helpers_version()}":
    source = os.environ.get("{SOURCE_ENV}", "{install_source()}")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source], check=True)
    for name in [m for m in sys.modules if m.split(".")[0] == "helpers"]:
        del sys.modules[name]  # import the installed version from here on
    importlib.invalidate_caches()"""


def _rewrite_marked(source: str, mark: str, line: str) -> tuple[str, bool]:
    lines = source.split("\n")
    hit = False
    for k, text in enumerate(lines):
        if text.rstrip().endswith(mark):
            lines[k] = line
            hit = True
    return "\n".join(lines), hit


_RELATIVE_LINK = re.compile(r"(!?\[[^\]]*)\]\((?!https?:|#|mailto:)([^)\s#]+)(#[^)\s]*)?\)")


def absolute_links(source: str, *, previous: tuple[str, str] | None = None) -> str:
    """Markdown with its relative links (resolved from ``notebooks/``) made absolute links to
    the repository at :data:`REF`; images point at the raw file. Links at a ``previous``
    (repository, ref) setting are moved to the current one."""
    import posixpath

    def fix(match: re.Match) -> str:
        text, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        path = posixpath.normpath(posixpath.join("notebooks", target))
        if path.startswith("..") or not (ROOT / path).exists():
            return match.group(0)  # not a file of this repository: leave it
        if text.startswith("!"):
            return f"{text}](https://raw.githubusercontent.com/{REPOSITORY}/{REF}/{path})"
        return f"{text}]({github_url(path)}{anchor})"

    source = _RELATIVE_LINK.sub(fix, source)
    if previous and previous != (REPOSITORY, REF):
        for old, new in ((f"github.com/{previous[0]}/blob/{previous[1]}/",
                          f"github.com/{REPOSITORY}/blob/{REF}/"),
                         (f"raw.githubusercontent.com/{previous[0]}/{previous[1]}/",
                          f"raw.githubusercontent.com/{REPOSITORY}/{REF}/")):
            source = source.replace(old, new)
    return source


def _is_install_cell(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(INSTALL_MARK)


# --- Slide structure --------------------------------------------------------------------------
# Every cell's ``metadata.slideshow.slide_type`` is written by :func:`slide_types`, never by
# hand; RISE (live, in JupyterLab) and ``make slides`` (static reveal.js decks) both read it.
# The rules, applied in cell order:
#   1. the title cell starts the deck ("slide");
#   2. the install cell, and the Setup section (its "## Setup" heading up to the next "## "
#      heading), are "skip": they are plumbing, not lecture material;
#   3. a "## " heading starts a new slide ("slide"), a "### " heading a sub-slide ("subslide");
#   4. an aside (a markdown cell that starts with "(") and a long explanation (a markdown cell of
#      more than NOTES_CHARS characters that is not a heading, an exercise or the summary) are
#      speaker "notes": the presenter says them, the slide shows the code and the figure;
#   5. a code cell with a figure gets a sub-slide of its own, and the cell after it starts one;
#   6. any other cell continues the current slide ("-"), unless the slide would then hold more
#      than SLIDE_LINES estimated lines (markdown wrapped at SLIDE_CHARS characters a line, code
#      lines, text output lines up to OUTPUT_LINES): then it starts a sub-slide.
SLIDE_LINES = 18
SLIDE_CHARS = 90
OUTPUT_LINES = 12
NOTES_CHARS = 700


def _cell_lines(cell) -> int:
    """Estimated height of a cell on a 16:9 slide, in lines of text."""
    import math

    if cell.cell_type == "markdown":
        return sum(max(1, math.ceil(len(line) / SLIDE_CHARS))
                   for line in cell.source.split("\n") if line.strip())
    lines = len(cell.source.split("\n"))
    text = 0
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text += len(out.get("text", "").rstrip("\n").split("\n"))
        elif "text/plain" in out.get("data", {}) and "image/png" not in out.get("data", {}):
            text += len(str(out["data"]["text/plain"]).split("\n"))
    return lines + 1 + min(text, OUTPUT_LINES)


def _has_figure(cell) -> bool:
    return cell.cell_type == "code" and any(
        "image/png" in out.get("data", {}) or "image/svg+xml" in out.get("data", {})
        for out in cell.get("outputs", []))


def _is_notes(cell) -> bool:
    if cell.cell_type != "markdown":
        return False
    text = cell.source.strip()
    if text.startswith("("):
        return True
    return (len(text) > NOTES_CHARS and not text.startswith(("#", "**", "<"))
            and "<details>" not in text and NEXT_MARK not in text)


def slide_types(cells) -> list[str]:
    """The ``slideshow.slide_type`` of each cell, from the rules above (a pure function)."""
    types: list[str] = []
    in_setup, used, after_figure = False, 0, False
    for k, cell in enumerate(cells):
        text = cell.source.lstrip() if cell.cell_type == "markdown" else ""
        if cell.cell_type == "markdown" and text.startswith("## "):
            in_setup = text.split("\n")[0].strip().lower() == "## setup"
        if k == 0:
            kind = "slide"
        elif _is_install_cell(cell) or in_setup:
            kind = "skip"
        elif text.startswith("## "):
            kind = "slide"
        elif text.startswith("### "):
            kind = "subslide"
        elif _is_notes(cell):
            kind = "notes"
        elif _has_figure(cell) or after_figure:
            kind = "subslide"
        elif used + _cell_lines(cell) > SLIDE_LINES:
            kind = "subslide"
        else:
            kind = "-"
        if kind in ("slide", "subslide"):
            used = 0
        if kind not in ("skip", "notes"):
            used += _cell_lines(cell)
            after_figure = _has_figure(cell)
        types.append(kind)
    return types


def apply_slides(nb) -> bool:
    """Write :func:`slide_types` into the cells' metadata; True if anything changed."""
    changed = False
    for cell, kind in zip(nb.cells, slide_types(nb.cells)):
        if cell.metadata.get("slideshow") != {"slide_type": kind}:
            cell.metadata["slideshow"] = {"slide_type": kind}
            changed = True
    return changed


def apply_generated(path: Path, *, previous: tuple[str, str] | None = None) -> bool:
    """Rewrite every generated part of a notebook in place.

    The title cell's badge line and navigation line, the install cell (right after the title
    cell; inserted if missing, unexecuted) and the closing "next" line (last markdown cell);
    relative links in the prose become absolute (:func:`absolute_links`). Returns True if the
    file changed. A notebook without the marked lines gets them added.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    stem = path.stem
    before = nbformat.writes(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = absolute_links(cell.source, previous=previous)
    first = nb.cells[0]
    first.source, hit = _rewrite_marked(first.source, BADGES_MARK, badges_line(stem))
    if not hit:  # badges go right above the navigation line, or at the end of the title cell
        lines = first.source.rstrip().split("\n")
        at = next((k for k, t in enumerate(lines) if t.rstrip().endswith(NAV_MARK)), len(lines))
        lines[at:at] = [badges_line(stem), ""]
        first.source = "\n".join(lines)
    first.source, hit = _rewrite_marked(first.source, NAV_MARK, nav_line(stem))
    if not hit:
        first.source = first.source.rstrip() + "\n\n" + nav_line(stem)
    installs = [c for c in nb.cells if _is_install_cell(c)]
    if installs and nb.cells[1] is installs[0] and len(installs) == 1:
        if installs[0].source != install_cell():
            installs[0].source = install_cell()
            installs[0].outputs, installs[0].execution_count = [], None
    else:
        nb.cells = [c for c in nb.cells if not _is_install_cell(c)]
        cell = nbformat.v4.new_code_cell(install_cell())
        if (nb.nbformat, nb.nbformat_minor) >= (4, 5):
            cell.id = "install-helpers"
        else:
            cell.pop("id", None)
        nb.cells.insert(1, cell)
    last = [c for c in nb.cells if c.cell_type == "markdown"][-1]
    last.source, hit = _rewrite_marked(last.source, NEXT_MARK, next_line(stem))
    if not hit:
        last.source = last.source.rstrip() + "\n\n" + next_line(stem)
    apply_slides(nb)  # the slide structure follows the cells
    after = nbformat.writes(nb)
    if after != before:
        nbformat.write(nb, path)
        return True
    return False


#: The old name: the navigation is one of the generated parts.
apply_nav = apply_generated


def readme_rows(text: str) -> str:
    """The README with its generated parts rewritten: the badge column and the Binder badge."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if line.rstrip().endswith(BINDER_MARK):
            lines[k] = binder_line()
        for stem, _ in COURSE:
            if f"(notebooks/{stem}.ipynb)" in line and line.count("|") >= 6:
                cells = line.split("|")
                cells[3] = f" {badges(stem)} "
                lines[k] = "|".join(cells)
    return "\n".join(lines)


def set_repository(repository: str, ref: str, *, path: Path | None = None) -> None:
    """Store a new :data:`REPOSITORY` and :data:`REF` in this file (``path``: another copy)."""
    global REPOSITORY, REF
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        raise SystemExit(f"--repo must be OWNER/NAME, got {repository!r}")
    if not re.fullmatch(r"[\w./-]+", ref):
        raise SystemExit(f"--ref must be a tag or branch name, got {ref!r}")
    here = path or Path(__file__)
    text = here.read_text(encoding="utf-8")
    text = re.sub(r'^REPOSITORY = ".*"$', f'REPOSITORY = "{repository}"', text, count=1, flags=re.M)
    text = re.sub(r'^REF = ".*"$', f'REF = "{ref}"', text, count=1, flags=re.M)
    here.write_text(text, encoding="utf-8")
    REPOSITORY, REF = repository, ref


def _clean(nb) -> None:
    """Drop per-run noise from an executed notebook: timings, widget state, widget views
    (03's playground panel: only its plain-text line stays, which GitHub, the site and the
    slides can show)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            out.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)


class Progress:
    """One line per notebook that says how far it is: cells done of total, seconds elapsed and
    expected (from benchmarks/RESULTS.md). On a terminal the line is redrawn in place; in a log
    (CI) a line is printed at most every ``every`` seconds, and once at the end."""

    def __init__(self, name: str, total: int, expected: float | None, *, stream=None,
                 every: float = 30.0):
        self.name, self.total, self.expected = name, total, expected
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.every, self.done, self.start = every, 0, time.perf_counter()
        self._last = self.start

    def text(self) -> str:
        elapsed = time.perf_counter() - self.start
        expected = f" of ~{self.expected:.0f} s expected" if self.expected else ""
        return f"  {self.name}: {self.done}/{self.total} cells, {elapsed:.0f} s{expected}"

    def step(self) -> None:
        self.done += 1
        now = time.perf_counter()
        if self.tty:
            print("\r" + self.text(), end="", file=self.stream, flush=True)
        elif now - self._last >= self.every:
            print(self.text(), file=self.stream, flush=True)
            self._last = now

    def close(self) -> None:
        print(("\r" if self.tty else "") + self.text(), file=self.stream, flush=True)


def expected_seconds(stem: str, backend: str | None = None, *,
                     path: Path | None = None) -> float | None:
    """The notebook's last measured runtime on this backend, from benchmarks/RESULTS.md."""
    backend = backend or os.environ.get("KERAS_BACKEND", "tensorflow")
    path = path or ROOT / "benchmarks" / "RESULTS.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] != stem:
            continue
        if len(cells) == 5:  # the older table: backend named in the machine column
            hit = re.search(r"backend (\w+)", cells[4])
            cells = [stem, hit.group(1) if hit else "tensorflow", cells[1]]
        if len(cells) >= 3 and cells[1] == backend:
            try:
                return float(cells[2])
            except ValueError:
                return None
    return None


def _kernel_manager(kernel_name: str = "python3"):
    """A kernel manager that talks to the kernel over local IPC sockets where the OS has them.

    Over TCP, ipykernel warns on every start that the traffic is unencrypted; IPC sockets are
    files only this user can open, so there is nothing to warn about (Windows has no IPC: TCP).
    """
    from jupyter_client.manager import KernelManager

    if os.name == "nt":
        return KernelManager(kernel_name=kernel_name)
    import tempfile

    folder = tempfile.mkdtemp(prefix="dlb-kernel-")
    return KernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(folder, "k"))


def execute(path: Path, *, timeout: int = 900, progress: bool = False, nb=None,
            kernel_name: str = "python3"):
    """Execute one notebook on a fresh kernel in its own folder.

    Returns ``(notebook, seconds, cell_seconds)``: the executed notebook (without timing
    metadata), its wall time, and the wall time of each code cell as ``(index, seconds)`` pairs
    (index among all cells). ``nb`` executes that notebook object instead of reading ``path``
    (it still runs in ``path``'s folder). ``kernel_name`` picks another installed kernel.
    """
    import shutil

    import nbformat
    from nbclient import NotebookClient

    if nb is None:
        nb = nbformat.read(path, as_version=4)
    env = {**os.environ, **{k: os.environ.get(k, v) for k, v in KERNEL_ENV.items()}}
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    bar = Progress(path.stem, len(code), expected_seconds(path.stem)) if progress else None
    starts, cell_seconds = {}, []

    def on_execute(cell, cell_index, **_):
        starts[cell_index] = time.perf_counter()

    def on_executed(cell, cell_index, **_):
        cell_seconds.append((cell_index, time.perf_counter() - starts.pop(cell_index)))
        if bar:
            bar.step()

    km = _kernel_manager(kernel_name)
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False, on_cell_execute=on_execute,
                            on_cell_executed=on_executed)
    start = time.perf_counter()
    try:
        client.execute(env=env)
    finally:
        if bar:
            bar.close()
        if km.has_kernel:  # nbclient leaves a kernel it did not start alive; a timed run must not
            try:  # carry every earlier notebook's kernel along
                km.shutdown_kernel(now=True)
            except Exception as exc:  # noqa: BLE001 - the notebook's own error matters more
                print(f"could not shut down the kernel of {path.name}: {exc}", file=sys.stderr)
        if km.transport == "ipc":
            shutil.rmtree(Path(km.ip).parent, ignore_errors=True)
    seconds = time.perf_counter() - start
    _clean(nb)
    return nb, seconds, cell_seconds


def resolve(names: list[str]) -> list[Path]:
    """Notebook paths from names, stems, number prefixes ("03") or paths; all when empty."""
    if not names:
        return [NOTEBOOKS / f"{s}.ipynb" for s, _ in COURSE if (NOTEBOOKS / f"{s}.ipynb").exists()]
    paths = []
    for name in names:
        p = Path(name)
        if p.suffix == ".ipynb" and p.exists():
            paths.append(p.resolve())
            continue
        hits = [NOTEBOOKS / f"{s}.ipynb" for s, _ in COURSE if s.startswith(p.stem)]
        if len(hits) != 1:
            raise SystemExit(f"no single notebook matches {name!r}; known: "
                             f"{', '.join(s for s, _ in COURSE)}")
        paths.append(hits[0])
    return paths


def cmd_run(args) -> int:
    import nbformat
    from nbclient.exceptions import CellExecutionError

    out = Path(args.out)
    paths = resolve(args.notebooks)
    rows, failed = [], 0
    for k, path in enumerate(paths, 1):
        print(f"[{k}/{len(paths)}] {path.name}", flush=True)
        if args.inplace:
            apply_generated(path)  # badges, links and the install cell run with the notebook
        try:
            nb, seconds, _ = execute(path, timeout=args.timeout, progress=True)
            status = "ok"
        except CellExecutionError as exc:
            failed += 1
            rows.append((path.stem, float("nan"), "FAILED"))
            print(str(exc)[-3000:], file=sys.stderr)
            continue
        if args.inplace:
            apply_slides(nb)  # figures are known only now
            nbformat.write(nb, path)
        else:
            out.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out / path.name)
            if args.html:
                from nbconvert import HTMLExporter

                body, _ = HTMLExporter().from_notebook_node(nb)
                (out / f"{path.stem}.html").write_text(body, encoding="utf-8")
        rows.append((path.stem, seconds, status))
    print()
    print(f"{'notebook':<40} {'seconds':>8}  status")
    for stem, seconds, status in rows:
        print(f"{stem:<40} {seconds:>8.1f}  {status}")
    total = sum(s for _, s, st in rows if st == "ok")
    print(f"{'total':<40} {total:>8.1f}")
    if not args.inplace:
        print(f"\nexecuted notebooks{' and HTML' if args.html else ''} in {out}")
    return 1 if failed else 0


def cmd_generate(args) -> int:
    previous = (REPOSITORY, REF)
    if args.repo or args.ref:
        set_repository(args.repo or REPOSITORY, args.ref or REF)
    changed = [p.name for p in resolve([]) if apply_generated(p, previous=previous)]
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if readme_rows(text) != text:
        readme.write_text(readme_rows(text), encoding="utf-8")
        changed.append("README.md")
    print(f"generated parts for {REPOSITORY} at {REF} updated in: "
          + (", ".join(changed) if changed else "nothing"))
    if any(n.endswith(".ipynb") for n in changed):
        print("re-execute the changed notebooks (make notebooks) so their install cell has run")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="execute notebooks headless and time them")
    run.add_argument("notebooks", nargs="*", help="names, number prefixes or paths (default: all)")
    run.add_argument("--inplace", action="store_true", help="rewrite the notebooks themselves")
    run.add_argument("--html", action="store_true", help="also write HTML next to the copies")
    run.add_argument("--out", default=str(ROOT / "build" / "notebooks"))
    run.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    run.set_defaults(func=cmd_run)
    gen = sub.add_parser("generate", aliases=["nav"],
                         help="rewrite badges, links and install cells from REPOSITORY and REF")
    gen.add_argument("--repo", help="store a new REPOSITORY (OWNER/NAME) first")
    gen.add_argument("--ref", help="store a new REF (a release tag, or a branch) first")
    gen.set_defaults(func=cmd_generate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
