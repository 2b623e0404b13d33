"""Every notebook's slide structure is what tools/notebooks.py's rules produce (never by hand).

The cells' ``metadata.slideshow.slide_type`` drives both RISE (live) and ``make slides``. If this
fails after editing a notebook, run ``make generate`` (or ``make notebooks NB=..``) and commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as nbtools  # noqa: E402

STEMS = [s for s, _ in nbtools.COURSE]


@pytest.mark.parametrize("stem", STEMS)
def test_slide_metadata_matches_the_rules(stem):
    nb = nbformat.read(nbtools.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    want = nbtools.slide_types(nb.cells)
    have = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    wrong = [(k, h, w) for k, (h, w) in enumerate(zip(have, want)) if h != w]
    assert not wrong, (f"{stem}: cells whose slide_type is not the rules' (cell, has, rules say): "
                       f"{wrong[:5]}; run `make generate` and commit")


def _cell(kind: str, source: str, *, figure: bool = False, text_lines: int = 0):
    if kind == "markdown":
        return nbformat.v4.new_markdown_cell(source)
    cell = nbformat.v4.new_code_cell(source)
    if figure:
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})]
    if text_lines:
        cell.outputs.append(nbformat.v4.new_output("stream", name="stdout",
                                                   text="x\n" * text_lines))
    return cell


def test_rules_on_a_small_notebook():
    cells = [
        _cell("markdown", "# 03 · Title\nsubtitle"),
        _cell("code", nbtools.INSTALL_MARK + " (Colab)\nimport os"),
        _cell("markdown", "## Learning goals\n\n- one"),
        _cell("markdown", "## Setup"),
        _cell("code", "from helpers import env"),
        _cell("markdown", "## 1. First section"),
        _cell("code", "x = 1"),
        _cell("code", "plot()", figure=True),
        _cell("markdown", "What to notice."),
        _cell("markdown", "(An aside for the presenter.)"),
        _cell("markdown", "A long explanation. " * 60),
        _cell("markdown", "### A sub-part"),
        _cell("code", "print(1)", text_lines=3),
        _cell("code", "\n".join(["x = 1"] * nbtools.SLIDE_LINES)),  # overflows: a sub-slide
        _cell("markdown", "**1. Exercise.** " + "Long question. " * 60),
    ]
    assert nbtools.slide_types(cells) == [
        "slide", "skip", "slide", "skip", "skip", "slide", "-", "subslide", "subslide",
        "notes", "notes", "subslide", "-", "subslide", "subslide"]


def test_apply_slides_is_idempotent():
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("markdown", "# 00 · T"), _cell("code", "1")]
    assert nbtools.apply_slides(nb) is True
    assert [c.metadata["slideshow"]["slide_type"] for c in nb.cells] == ["slide", "-"]
    assert nbtools.apply_slides(nb) is False
