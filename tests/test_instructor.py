"""The instructor versions (tools/instructor.py, solutions/): static checks, and every solution
run outside its notebook. nbval runs the same solutions inside their notebooks."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import instructor  # noqa: E402

import notebooks as nbtools  # noqa: E402

STEMS = [stem for stem, _ in nbtools.COURSE if (nbtools.NOTEBOOKS / f"{stem}.ipynb").exists()]
#: Words of the placeholder lines a student exercise cell leaves to the student.
PLACEHOLDER = "None  #"


def _student(stem: str):
    return nbformat.read(nbtools.NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", "") if out.get("output_type") == "stream"
                     else str(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


SOLVED = [(stem, cell_id) for stem in STEMS for cell_id in instructor.load_solutions(stem)]


def test_every_solutions_file_belongs_to_a_notebook():
    files = {p.stem for p in instructor.SOLUTIONS.glob("*.py")}
    assert files <= set(STEMS), files - set(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_has_a_solution_and_every_solution_an_exercise(stem):
    exercises = [c.get("id") for c in instructor.exercise_cells(_student(stem))]
    assert exercises, f"{stem} has no exercise cell (a code cell calling checks.check_...)"
    assert None not in exercises, f"{stem}: cells without ids (nbformat < 4.5)"
    solutions = list(instructor.load_solutions(stem))
    assert sorted(set(exercises) - set(solutions)) == [], "exercises without a solution"
    assert sorted(set(solutions) - set(exercises)) == [], "solutions without an exercise"
    assert solutions == exercises, "the solutions file must follow the notebook's order"


@pytest.mark.parametrize("stem", STEMS)
def test_student_exercise_cells_start_unattempted(stem):
    for cell in instructor.exercise_cells(_student(stem)):
        assert PLACEHOLDER in cell.source, cell.source
        text = _text(cell)
        assert "not attempted yet" in text and "correct ✓" not in text, (cell.source, text)


@pytest.mark.parametrize("stem", STEMS)
def test_instructor_version_differs_only_in_exercise_cells(stem):
    student = _student(stem)
    teacher = instructor.build(nbtools.NOTEBOOKS / f"{stem}.ipynb")
    exercises = {c.get("id") for c in instructor.exercise_cells(student)}
    assert teacher.metadata == student.metadata
    assert [c.get("id") for c in teacher.cells] == [c.get("id") for c in student.cells]
    for mine, theirs in zip(teacher.cells, student.cells):
        if theirs.get("id") in exercises:
            assert mine.outputs == [] and mine.execution_count is None
            assert mine.metadata == theirs.metadata
        else:
            assert mine == theirs, theirs.get("id")


@pytest.mark.parametrize(("stem", "cell_id"), SOLVED)
def test_solution_keeps_the_exercise_and_asserts_its_check(stem, cell_id):
    exercise = next(c for c in instructor.exercise_cells(_student(stem)) if c.id == cell_id)
    solution = instructor.load_solutions(stem)[cell_id]
    lines = solution.split("\n")
    for line in exercise.source.split("\n"):  # the given lines (data, the check's call) stay
        if PLACEHOLDER not in line:
            assert line in lines, f"the solution of {cell_id} drops the line {line!r}"
    assert lines[-1] == instructor.LAST_LINE
    assert any(line.startswith("# Solution") for line in lines), "no explanation"


@pytest.mark.parametrize(("stem", "cell_id"), SOLVED)
def test_solution_is_correct(stem, cell_id):
    # one more correct answer for each check, written as a student would write it
    namespace = instructor.run_solution(stem, cell_id)
    assert namespace["result"].status == "correct"


def test_parse_solutions_rejects_duplicates_and_empty_blocks():
    assert instructor.parse_solutions("# head\n# %% a1\nx = 1\n\n# %% b2\ny = 2\n") == {
        "a1": "x = 1", "b2": "y = 2"}
    with pytest.raises(ValueError, match="a1"):
        instructor.parse_solutions("# %% a1\nx = 1\n# %% a1\nx = 2\n")
    with pytest.raises(ValueError, match="empty"):
        instructor.parse_solutions("# %% a1\n\n# %% b2\ny = 2\n")


def test_instructor_notebook_rejects_missing_and_orphan_solutions():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("answer = None  # here\nresult = checks.check_x(answer)")
    cell.id = "ex1"
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), cell]
    with pytest.raises(KeyError, match="ex1"):
        instructor.instructor_notebook(nb, {})
    with pytest.raises(KeyError, match="zz"):
        instructor.instructor_notebook(nb, {"ex1": "answer = 1", "zz": "x = 2"})
    solved = instructor.instructor_notebook(nb, {"ex1": "answer = 1"})
    assert solved.cells[1].source == "answer = 1" and nb.cells[1].source != "answer = 1"
