"""tools/notebooks.py and benchmarks/bench.py: navigation, name resolution, table rewriting."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench  # noqa: E402

import notebooks as nbtools  # noqa: E402


def test_nav_lines_link_neighbours_and_contents():
    first = nbtools.nav_line("00_keras_basics")
    assert "←" not in first and "[01 · Preprocessing and whitening →]" in first
    middle = nbtools.nav_line("03_activation_functions")
    assert "(02_dense_networks.ipynb)" in middle and "(04_weight_initialization.ipynb)" in middle
    assert "../README.md#the-notebooks" in middle and middle.endswith(nbtools.NAV_MARK)
    last = nbtools.nav_line("08_fashion_mnist")
    assert "→" not in last
    assert "whole course" in nbtools.next_line("08_fashion_mnist")


def test_contents_anchor_exists_in_readme():
    assert "\n## The notebooks\n" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_resolve_by_prefix_and_unknown():
    assert nbtools.resolve(["03"])[0].name == "03_activation_functions.ipynb"
    with pytest.raises(SystemExit, match="no single notebook matches"):
        nbtools.resolve(["99"])


def test_apply_nav_rewrites_marked_lines(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    title = "# 03 · Activation functions\nsub\n\nold <!-- nav -->"
    nb.cells = [nbformat.v4.new_markdown_cell(title),
                nbformat.v4.new_code_cell("1"),
                nbformat.v4.new_markdown_cell("## Summary\n\nstale <!-- next -->")]
    path = tmp_path / "03_activation_functions.ipynb"
    nbformat.write(nb, path)
    assert nbtools.apply_nav(path) is True
    again = nbformat.read(path, as_version=4)
    assert nbtools.nav_line("03_activation_functions") in again.cells[0].source
    assert nbtools.next_line("03_activation_functions") in again.cells[-1].source
    assert nbtools.apply_nav(path) is False  # idempotent


def test_bench_replaces_only_between_markers():
    text = "a\n<!-- notebooks:start -->\nold\n<!-- notebooks:end -->\nb"
    out = bench.replace_between(text, bench.START, bench.END, "new")
    assert out == "a\n<!-- notebooks:start -->\nnew\n<!-- notebooks:end -->\nb"
    with pytest.raises(SystemExit, match="markers"):
        bench.replace_between("no markers", bench.START, bench.END, "x")


def test_bench_keeps_rows_it_did_not_retime():
    text = ("| notebook | seconds | budget | within | measured |\n"
            "| --- | ---: | ---: | --- | --- |\n"
            "| 00_keras_basics | 10.6 | 120 | yes | day one |\n"
            "| not_a_notebook | 1 | 2 | yes | x |")
    assert bench._previous_rows(text) == {"00_keras_basics": (10.6, 120, "day one")}
