"""The notebook list, navigation lines, and headless execution with timing.

    python tools/notebooks.py run [NB ...] [--inplace] [--html] [--out build/notebooks]
    python tools/notebooks.py nav            # rewrite every navigation and "next" line

``run`` executes each notebook on a fresh kernel (this Python's ``ipykernel``), prints a table of
wall times, and exits non-zero if any notebook failed. Without ``--inplace`` the executed copies
(and with ``--html`` their HTML) go to ``--out``; with it, the notebooks themselves are rewritten,
which is how the committed outputs are made (``make notebooks``).
"""

from __future__ import annotations

import argparse
import os
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
]

NAV_MARK = "<!-- nav -->"
NEXT_MARK = "<!-- next -->"
CONTENTS = "[Contents](../README.md#the-notebooks)"

#: Environment for notebook kernels: quiet TensorFlow, no stray GUI backend.
KERNEL_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0",
              "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def _label(stem: str, title: str) -> str:
    return f"{stem[:2]} · {title}"


def nav_line(stem: str) -> str:
    """The navigation line of a notebook's title cell: previous · contents · next."""
    stems = [s for s, _ in COURSE]
    i = stems.index(stem)
    parts = []
    if i > 0:
        s, t = COURSE[i - 1]
        parts.append(f"[← {_label(s, t)}]({s}.ipynb)")
    parts.append(CONTENTS)
    if i + 1 < len(COURSE):
        s, t = COURSE[i + 1]
        parts.append(f"[{_label(s, t)} →]({s}.ipynb)")
    return " · ".join(parts) + " " + NAV_MARK


def next_line(stem: str) -> str:
    """The closing line of a notebook: the link to the next one (or back to the contents)."""
    stems = [s for s, _ in COURSE]
    i = stems.index(stem)
    if i + 1 < len(COURSE):
        s, t = COURSE[i + 1]
        return f"**Next:** [{_label(s, t)}]({s}.ipynb) · {CONTENTS} {NEXT_MARK}"
    return f"**That is the whole course.** Back to the {CONTENTS} {NEXT_MARK}"


def _rewrite_marked(source: str, mark: str, line: str) -> tuple[str, bool]:
    lines = source.split("\n")
    hit = False
    for k, text in enumerate(lines):
        if text.rstrip().endswith(mark):
            lines[k] = line
            hit = True
    return "\n".join(lines), hit


def apply_nav(path: Path) -> bool:
    """Rewrite the nav line (first cell) and the next line (last markdown cell) in place.

    Returns True if the file changed. A notebook without the marked lines gets them added.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    stem = path.stem
    before = nbformat.writes(nb)
    first = nb.cells[0]
    first.source, hit = _rewrite_marked(first.source, NAV_MARK, nav_line(stem))
    if not hit:
        first.source = first.source.rstrip() + "\n\n" + nav_line(stem)
    last = [c for c in nb.cells if c.cell_type == "markdown"][-1]
    last.source, hit = _rewrite_marked(last.source, NEXT_MARK, next_line(stem))
    if not hit:
        last.source = last.source.rstrip() + "\n\n" + next_line(stem)
    after = nbformat.writes(nb)
    if after != before:
        nbformat.write(nb, path)
        return True
    return False


def _clean(nb) -> None:
    """Drop per-run noise from an executed notebook: timings, widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


def execute(path: Path, *, timeout: int = 900):
    """Execute one notebook on a fresh kernel in its own folder; return (notebook, seconds)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = {**os.environ, **{k: os.environ.get(k, v) for k, v in KERNEL_ENV.items()}}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False)
    start = time.perf_counter()
    client.execute(env=env)
    seconds = time.perf_counter() - start
    _clean(nb)
    return nb, seconds


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
    for path in paths:
        print(f"running {path.name} ...", flush=True)
        try:
            nb, seconds = execute(path, timeout=args.timeout)
            status = "ok"
        except CellExecutionError as exc:
            failed += 1
            rows.append((path.stem, float("nan"), "FAILED"))
            print(str(exc)[-3000:], file=sys.stderr)
            continue
        if args.inplace:
            nbformat.write(nb, path)
            apply_nav(path)
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


def cmd_nav(args) -> int:
    changed = [p.name for p in resolve([]) if apply_nav(p)]
    print("navigation updated in: " + (", ".join(changed) if changed else "nothing"))
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
    nav = sub.add_parser("nav", help="rewrite the navigation lines of every notebook")
    nav.set_defaults(func=cmd_nav)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
