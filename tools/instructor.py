"""Instructor versions of the notebooks: the student notebook with every exercise solved.

    python tools/instructor.py write [NB ...] [--out build/instructor]        # no execution
    python tools/instructor.py run [NB ...] [--html] [--out build/instructor]  # executed

The solutions live in ``solutions/NN_<stem>.py``, one file per notebook, outside the notebooks
students open. Each file holds one block per exercise, started by a line ``# %% <cell id>``
naming the exercise cell's id (nbformat 4.5 cell ids are stable: they survive edits, moves and
re-execution). A block is the whole cell as a student would write it, using only what the
notebook defines above it: the lines the exercise cell gives, the solution with a short
explanation in comments, and a last line ``assert result.correct, result`` so that a check that
reports "not attempted" or "incorrect" fails the run.

An *exercise cell* is a code cell that calls a ``checks.check_...`` function (see
:func:`exercise_cells`). The instructor version replaces the source of each exercise cell by
its solution and clears its outputs; every other cell, outputs included, is the student
notebook's. ``write`` produces these copies without executing anything (nbval runs them in CI
in place of the student notebooks: its output comparisons still hold for the unchanged cells);
``run`` executes them (``make instructor``) and fails if any notebook fails.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks as nbtools  # noqa: E402  (tools/notebooks.py: the course list and execution)

ROOT = nbtools.ROOT
SOLUTIONS = ROOT / "solutions"
OUT = ROOT / "build" / "instructor"

#: The call that makes a code cell an exercise cell.
EXERCISE_CALL = re.compile(r"\bchecks\.check_\w+\(")
#: A block header in a solutions file: ``# %% <cell id>``.
BLOCK = re.compile(r"^# %% (\S+)\s*$", re.M)
#: The line every solution ends with.
LAST_LINE = "assert result.correct, result"


def exercise_cells(nb) -> list:
    """The notebook's exercise cells: code cells that call a ``checks.check_...`` function."""
    return [c for c in nb.cells if c.cell_type == "code" and EXERCISE_CALL.search(c.source)]


def solutions_path(stem: str) -> Path:
    return SOLUTIONS / f"{stem}.py"


def parse_solutions(text: str) -> dict[str, str]:
    """``{cell id: solution source}`` from the text of a solutions file.

    Raises:
        ValueError: a cell id appears twice, or a block is empty.
    """
    parts = BLOCK.split(text)
    found: dict[str, str] = {}
    for cell_id, body in zip(parts[1::2], parts[2::2]):
        source = body.strip("\n").rstrip()
        if cell_id in found:
            raise ValueError(f"cell id {cell_id} has two solutions")
        if not source.strip():
            raise ValueError(f"the solution of cell {cell_id} is empty")
        found[cell_id] = source
    return found


def load_solutions(stem: str) -> dict[str, str]:
    """The solutions of one notebook (empty when it has no solutions file)."""
    path = solutions_path(stem)
    if not path.exists():
        return {}
    return parse_solutions(path.read_text(encoding="utf-8"))


def instructor_notebook(nb, solutions: dict[str, str]):
    """A copy of the student notebook ``nb`` with each exercise cell's source replaced by its
    solution and its outputs cleared; every other cell is kept as it is, outputs included.

    Raises:
        KeyError: an exercise cell has no solution, or a solution names no exercise cell.
    """
    out = copy.deepcopy(nb)
    ids = set()
    for cell in exercise_cells(out):
        ids.add(cell.get("id"))
        if cell.get("id") not in solutions:
            raise KeyError(f"exercise cell {cell.get('id')} has no solution:\n{cell.source}")
        cell.source = solutions[cell["id"]]
        cell.outputs, cell.execution_count = [], None
    extra = sorted(set(solutions) - ids)
    if extra:
        raise KeyError(f"solutions for cells that are not exercise cells: {extra}")
    return out


def build(path: Path):
    """The instructor version (unexecuted) of the student notebook at ``path``."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return instructor_notebook(nb, load_solutions(path.stem))


#: Cells, beyond the Setup cell's imports, that a solution needs from its notebook when it is run
#: outside the notebook (:func:`run_solution`): the first line of each such cell, by notebook.
CONTEXT = {
    "01_preprocessing_and_whitening": ["wine = load_wine("],
    "03_activation_functions": ["def sigmoid(", "def softmax("],
}


def run_solution(stem: str, cell_id: str, *, seed: int = 42) -> dict:
    """Run one solution in a fresh namespace, without its notebook, and return the namespace.

    The namespace holds the Setup cell's imports, ``SEED``, the notebook cells named in
    :data:`CONTEXT` and the notebook's earlier solutions (in file order), so a solution's last
    line (``assert result.correct, result``) is checked in seconds by the unit tests; nbval
    checks the same solutions in their notebooks.
    """
    import contextlib
    import io

    import nbformat

    nb = nbformat.read(nbtools.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code" and "env.setup(" in c.source)
    imports = [line for line in setup.source.split("\n") if line.startswith(("import ", "from "))]
    namespace: dict = {"SEED": seed}
    firsts = CONTEXT.get(stem, [])
    context = [c.source for c in nb.cells if c.cell_type == "code" and any(
        line.startswith(first) for first in firsts for line in c.source.split("\n")[:3])]
    with contextlib.redirect_stdout(io.StringIO()):
        exec("\n".join(imports), namespace)  # noqa: S102  (the course's own code)
        for source in context:
            exec(source, namespace)  # noqa: S102
        for key, source in load_solutions(stem).items():  # the earlier exercises first
            exec(source, namespace)  # noqa: S102
            if key == cell_id:
                return namespace
    raise KeyError(f"{stem} has no solution for cell {cell_id}")


def cmd_write(args) -> int:
    import nbformat

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in nbtools.resolve(args.notebooks):
        nbformat.write(build(path), out / path.name)
    print(f"instructor notebooks (not executed) in {out}")
    return 0


def cmd_run(args) -> int:
    import nbformat
    from nbclient.exceptions import CellExecutionError

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = []
    for path in nbtools.resolve(args.notebooks):
        print(f"{path.name} (instructor)", flush=True)
        nb = build(path)
        try:
            # runs in notebooks/, as the student notebook does
            nb, seconds, _ = nbtools.execute(path, nb=nb, timeout=args.timeout, progress=True)
        except CellExecutionError as exc:
            failed.append(path.stem)
            print(str(exc)[-3000:], file=sys.stderr)
            continue
        nbformat.write(nb, out / path.name)
        if args.html:
            from nbconvert import HTMLExporter

            body, _ = HTMLExporter().from_notebook_node(nb)
            (out / f"{path.stem}.html").write_text(body, encoding="utf-8")
        print(f"  {path.stem}: every self-check correct, {seconds:.0f} s", flush=True)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"executed instructor notebooks{' and HTML' if args.html else ''} in {out}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name, func, text in (("write", cmd_write, "write the copies without executing them"),
                             ("run", cmd_run, "execute the copies (every check must pass)")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("notebooks", nargs="*", help="names, number prefixes (default: all)")
        cmd.add_argument("--out", default=str(OUT))
        cmd.set_defaults(func=func)
        if name == "run":
            cmd.add_argument("--html", action="store_true", help="also write HTML")
            cmd.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
