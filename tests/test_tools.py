"""tools/notebooks.py and benchmarks/bench.py: navigation, name resolution, table rewriting."""

from __future__ import annotations

import json
import os
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
    at = f"https://github.com/{nbtools.REPOSITORY}/blob/{nbtools.REF}/"
    assert f"({at}notebooks/02_dense_networks.ipynb)" in middle
    assert f"({at}notebooks/04_weight_initialization.ipynb)" in middle
    assert f"({at}README.md#the-notebooks)" in middle and middle.endswith(nbtools.NAV_MARK)
    last_stem = nbtools.COURSE[-1][0]
    assert "→" not in nbtools.nav_line(last_stem)
    assert "whole course" in nbtools.next_line(last_stem)
    assert "[09 · Convolutional networks →]" in nbtools.nav_line("08_fashion_mnist")


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
    old = ("| notebook | seconds | budget | within | measured |\n"
           "| --- | ---: | ---: | --- | --- |\n"
           "| 00_keras_basics | 10.6 | 120 | yes | day one, backend tensorflow 2.21.0 |\n"
           "| not_a_notebook | 1 | 2 | yes | x |")
    rows = bench._previous_rows(old)
    assert rows == {("00_keras_basics", "tensorflow"):
                    (10.6, "—", "day one, backend tensorflow 2.21.0")}
    rows[("08_fashion_mnist", "jax")] = (250.0, "71", "day two")
    table = bench.render_table(rows)
    assert bench._previous_rows(table) == rows  # the new table reads back
    assert "| 08_fashion_mnist | jax | 250.0 | 240 | **no** | 71 | day two |" in table
    assert "| 00_keras_basics | tensorflow | 10.6 | 120 | yes |" in table


def test_bench_totals_and_budgets():
    rows = {(s, "jax"): (100.0, "50", "m") for s, _ in nbtools.COURSE}
    table = bench.render_table(rows)
    total = 100.0 * len(nbtools.COURSE)
    within = "yes" if total <= bench.COLLECTION_BUDGET_S else "**no**"
    assert f"| **all** | jax | {total:.1f} | 720 | {within} | | |" in table
    assert bench.budget("08_fashion_mnist") == 240 and bench.budget("03_x") == 120


def test_bench_ratio_of_backends():
    rows = {(s, "tensorflow"): (30.0, "50", "m") for s, _ in nbtools.COURSE}
    rows.update({(s, "jax"): (20.0, "50", "m") for s, _ in nbtools.COURSE})
    rows[("09_convolutional_networks", "jax")] = (40.0, "50", "m")
    table = bench.render_table(rows)
    assert "| 00_keras_basics | 30.0 | 20.0 | 1.50 |" in table
    assert "| 09_convolutional_networks | 30.0 | 40.0 | 0.75 |" in table
    n = len(nbtools.COURSE)
    assert f"| **all** | {30.0 * n:.1f} | {20.0 * (n - 1) + 40.0:.1f} |" in table
    assert bench._previous_rows(table) == rows  # the ratio rows are not read back as runtimes
    assert "TF / JAX" not in bench.render_table({k: v for k, v in rows.items()
                                                 if k[1] == "jax"})


def test_bench_slowest_cells_and_first_lines():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# t")] + [
        nbformat.v4.new_code_cell(f"# NBVAL_CHECK_OUTPUT\n\nx{k} = 1 | 2  # `{k}`")
        for k in range(7)]
    times = [(i, float(i)) for i in range(1, 8)]
    top = bench.slowest_cells(nb, times)
    assert [(k, s) for k, s, _ in top] == [(7, 7.0), (6, 6.0), (5, 5.0), (4, 4.0), (3, 3.0)]
    assert top[0][2] == "x6 = 1 \\| 2  # '6'"  # no nbval marker, no table-breaking characters
    assert len(bench.first_line("y = " + "a" * 100)) == 72
    line = bench.cells_line("03_activation_functions", "jax", 61.0, top)
    assert bench._previous_cells(f"{bench.CELLS_START}\n{line}\n{bench.CELLS_END}") == {
        ("03_activation_functions", "jax"): line}


def test_bench_adds_the_cells_section_once():
    text = f"intro\n{bench.START}\nold\n{bench.END}\ntail"
    cells = {("00_keras_basics", "tensorflow"): "- **00_keras_basics** (tensorflow, 1.0 s): x"}
    once = bench.update_results(text, {("00_keras_basics", "tensorflow"): (1.0, "9", "m")}, cells)
    twice = bench.update_results(once, {("00_keras_basics", "tensorflow"): (1.0, "9", "m")}, cells)
    assert once == twice and once.count(bench.CELLS_START) == 1 and once.endswith("tail")


def test_bench_final_mlp_line_and_section():
    result = {"backend": "jax", "wall_s": [3.1, 1.42, 1.40, 1.45], "wall_s_best": 1.40,
              "gflop_per_epoch": 176.5, "gflop_per_s": 126.1, "load": 1.2}
    line = bench.mlp_line(result, 200.0, "2026-11-30, 2 CPU cores")
    assert "best steady epoch 1.40 s" in line and "126 GFLOP/s: **63.0 %**" in line
    # the median steady epoch, 1.42 s: 176.5 / 1.42 / 200 = 62.1 %
    assert "median steady epoch 62.1 %; goal 60 %: at the goal (within 3 points" in line
    assert "(200.0 GFLOP/s)" in line
    clear = bench.mlp_line({**result, "wall_s": [3.0, 1.30, 1.35, 1.40], "wall_s_best": 1.30},
                           200.0, "m")  # median 1.35 s: 65.4 %
    assert "median steady epoch 65.4 %; goal 60 %: met." in clear
    edge = bench.mlp_line({**result, "wall_s": [3.1, 1.45, 1.60, 1.62], "wall_s_best": 1.45,
                           "gflop_per_s": 121.7}, 200.0, "m")
    assert "**60.9 %**" in edge and "55.2 %" in edge and "goal 60 %: **not met**" in edge
    slow = bench.mlp_line({"backend": "tensorflow", "wall_s": [3.9, 2.10, 2.19, 2.20],
                           "wall_s_best": 2.10, "gflop_per_epoch": 176.5, "gflop_per_s": 84.0,
                           "load": 1.0}, 215.0, "m")
    assert "**39.1 %**" in slow and "goal 60 %: **not met**" in slow
    text = f"{bench.START}\nt\n{bench.END}\n\n{bench.CELLS_START}\nc\n{bench.CELLS_END}\ntail"
    once = bench.update_mlp_section(text, {"jax": line})
    assert once.count(bench.MLP_START) == 1 and once.endswith("tail")
    lines = bench._previous_mlp_lines(once)
    assert lines == {"jax": line}
    lines["tensorflow"] = slow
    both = bench.update_mlp_section(once, lines)
    assert both.index(slow) < both.index(line)  # TensorFlow first
    assert bench.update_mlp_section(both, bench._previous_mlp_lines(both)) == both


def test_bench_final_mlp_failures_are_reported(monkeypatch):
    import subprocess

    monkeypatch.setattr(bench, "MLP_ARGS", ["mlp", "--epochs", "1"])  # refused: at least 2
    with pytest.raises(RuntimeError, match="--epochs must be at least 2"):
        bench.measure_final_mlp("tensorflow")
    good = {k: 1 for k in bench.MLP_FIELDS} | {"backend": "jax"}

    def fake(stdout="", returncode=0, hang=False):
        def run(*args, **kwargs):
            if hang:
                raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])
            return subprocess.CompletedProcess(args[0], returncode, stdout, "boom")
        return run

    for stub, message in ((fake(hang=True), "took longer than 600 s"),
                          (fake("", 0), "printed no JSON line"),
                          (fake("progress\nnot json", 0), "printed no JSON line"),
                          (fake('{"backend": "jax"}', 0), "lacks"),
                          (fake(json.dumps(good)), "ran on 'jax', but the peak was measured on "
                                                   "'tensorflow'")):
        monkeypatch.setattr(bench.subprocess, "run", stub)
        with pytest.raises(RuntimeError, match=message):
            bench.measure_final_mlp("tensorflow")
    monkeypatch.setattr(bench.subprocess, "run", fake(json.dumps(good)))
    assert bench.measure_final_mlp("jax") == good


def test_bench_main_times_the_final_mlp_only_for_the_whole_collection(tmp_path, monkeypatch):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1")]
    path = tmp_path / "00_keras_basics.ipynb"
    nbformat.write(nb, path)
    results = tmp_path / "RESULTS.md"
    results.write_text(f"# r\n\n{bench.START}\n{bench.END}\n", encoding="utf-8")
    monkeypatch.setattr(bench, "RESULTS", results)
    monkeypatch.setattr(bench, "README", tmp_path / "README.md")
    (tmp_path / "README.md").write_text("", encoding="utf-8")
    monkeypatch.setattr(bench, "probe_machine", lambda: {"backend": "jax", "version": "0",
                                                         "devices": ["cpu:0"], "peak": 200.0})
    monkeypatch.setattr(bench.nbtools, "resolve", lambda names: [path])
    monkeypatch.setattr(bench.nbtools, "execute", lambda p, **kw: (nb, 2.0, [(0, 2.0)]))
    calls = []

    def failing(backend):
        calls.append(backend)
        raise RuntimeError("no MLP today")

    monkeypatch.setattr(bench, "measure_final_mlp", failing)
    monkeypatch.setattr(bench.nbtools, "execute", lambda p, **kw: 1 / 0)  # a notebook fails
    assert bench.main([]) == 1 and calls == []  # ... so no MLP either
    monkeypatch.setattr(bench.nbtools, "execute", lambda p, **kw: (nb, 2.0, [(0, 2.0)]))
    assert bench.main([str(path)]) == 0 and calls == []  # NB given: no MLP
    assert bench.main([]) == 1 and calls == ["jax"]  # the whole collection: the MLP failed ...
    text = results.read_text(encoding="utf-8")
    assert "| 00_keras_basics | jax | 2.0 |" in text  # ... and the notebooks' rows are kept
    assert bench.MLP_START not in text
    result = {"backend": "jax", "wall_s": [3.0, 1.4, 1.5, 1.45], "wall_s_best": 1.4,
              "gflop_per_epoch": 176.5, "gflop_per_s": 126.1, "load": 1.0}
    monkeypatch.setattr(bench, "measure_final_mlp", lambda backend: result)
    assert bench.main([]) == 0
    text = results.read_text(encoding="utf-8")
    assert "- **jax**: best steady epoch 1.40 s" in text and "| 00_keras_basics | jax |" in text
    monkeypatch.setattr(bench, "measure_final_mlp", failing)  # a later run fails: the old line
    assert bench.main([]) == 1  # must not pass for the new run's
    text = results.read_text(encoding="utf-8")
    assert "best steady epoch 1.40 s" not in text
    assert "- **jax**: best steady epoch not measured in the run of " in text
    assert "(no MLP today)" in text
    monkeypatch.setattr(bench, "measure_final_mlp", lambda backend: result)
    assert bench.main([]) == 0 and "best steady epoch 1.40 s" in results.read_text("utf-8")
    monkeypatch.setattr(bench.nbtools, "execute", lambda p, **kw: 1 / 0)
    assert bench.main([]) == 1  # a failed notebook: no MLP timed, and the old line goes too
    text = results.read_text(encoding="utf-8")
    assert "best steady epoch 1.40 s" not in text and "(a notebook failed)" in text


@pytest.mark.slow
def test_bench_measures_the_final_mlp_in_a_fresh_process(monkeypatch):
    monkeypatch.setattr(bench, "MLP_ARGS", ["mlp", "--images", "4096", "--epochs", "2"])
    result = bench.measure_final_mlp(os.environ.get("KERAS_BACKEND", "tensorflow"))
    assert len(result["wall_s"]) == 2 and result["wall_s_best"] == result["wall_s"][1]
    # 3.21 MFLOP per training image (models.dense_flops_per_sample) over 4,096 images
    assert result["gflop_per_epoch"] == pytest.approx(3.21e6 * 4096 / 1e9, rel=0.01)
    assert result["gflop_per_s"] == pytest.approx(
        result["gflop_per_epoch"] / result["wall_s_best"], rel=0.05)


@pytest.mark.slow
def test_bench_end_to_end_on_a_tiny_notebook(tmp_path, monkeypatch):
    """make bench on a two-cell stand-in for 00: peak measured in a kernel, cells timed."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3 (ipykernel)"}
    nb.cells = [nbformat.v4.new_code_cell("import time\ntime.sleep(0.3)"),
                nbformat.v4.new_code_cell("print('fast')")]
    path = tmp_path / "00_keras_basics.ipynb"
    nbformat.write(nb, path)
    results, readme = tmp_path / "RESULTS.md", tmp_path / "README.md"
    results.write_text(f"# r\n\n{bench.START}\n{bench.END}\n", encoding="utf-8")
    readme.write_text("| 00 | [K](notebooks/00_keras_basics.ipynb) | x | y | 11 s |\n",
                      encoding="utf-8")
    monkeypatch.setattr(bench, "RESULTS", results)
    monkeypatch.setattr(bench, "README", readme)
    monkeypatch.setattr(bench, "PEAK_REPEATS", 1)
    import psutil

    children = {c.pid for c in psutil.Process().children(recursive=True)}
    assert bench.main([str(path)]) == 0
    # every kernel it started (the peak's probe, the notebook's) has been shut down
    def alive(process):
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    left = [c for c in psutil.Process().children(recursive=True) if c.pid not in children]
    assert not [c for c in left if alive(c)], left
    text = results.read_text(encoding="utf-8")
    row = next(line for line in text.split("\n") if line.startswith("| 00_keras_basics |"))
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == backend and float(cells[2]) > 0.3 and cells[4] == "yes"
    assert float(cells[5]) > 0  # the matmul peak, measured in the kernel
    assert f"- **00_keras_basics** ({backend}, " in text
    assert "cell 1: " in text and "`import time`" in text
    # the notebook itself is not rewritten, and no timing goes into the executed copy
    assert nbformat.read(path, as_version=4).cells[0].get("execution_count") is None
    copy = nbformat.read(bench.ROOT / "build" / "bench" / path.name, as_version=4)
    assert all("execution" not in c.metadata for c in copy.cells)
    if backend == "tensorflow":
        assert "| 11 s |" not in readme.read_text(encoding="utf-8")


def test_generated_install_cell_is_inserted_once_and_kept_fresh(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 00 · Keras basics\nsub"),
                nbformat.v4.new_code_cell("from helpers import env"),
                nbformat.v4.new_markdown_cell("## Summary\n\nsee [02](02_dense_networks.ipynb)")]
    path = tmp_path / "00_keras_basics.ipynb"
    nbformat.write(nb, path)
    assert nbtools.apply_generated(path) is True
    again = nbformat.read(path, as_version=4)
    assert again.cells[1].source == nbtools.install_cell()
    assert again.cells[2].source == "from helpers import env"
    title = again.cells[0].source
    assert title.index(nbtools.BADGES_MARK) < title.index(nbtools.NAV_MARK)
    assert nbtools.colab_url("00_keras_basics") in title
    assert nbtools.kaggle_url("00_keras_basics") in title
    assert nbtools.github_url("notebooks/02_dense_networks.ipynb") in again.cells[-1].source
    assert nbtools.apply_generated(path) is False  # idempotent
    again.cells[1].source = nbtools.INSTALL_MARK + " (stale)"
    again.cells[1].execution_count = 1
    nbformat.write(again, path)
    assert nbtools.apply_generated(path) is True
    fresh = nbformat.read(path, as_version=4)
    assert fresh.cells[1].source == nbtools.install_cell()
    assert fresh.cells[1].execution_count is None  # a changed install cell has not run
    assert sum(c.source.startswith(nbtools.INSTALL_MARK) for c in fresh.cells) == 1


def test_absolute_links():
    at = f"https://github.com/{nbtools.REPOSITORY}/blob/{nbtools.REF}/"
    out = nbtools.absolute_links("[a](02_dense_networks.ipynb#x) [b](../README.md) "
                                 "[c](missing.ipynb) [d](https://x.org/y) [e](#here)")
    assert out == (f"[a]({at}notebooks/02_dense_networks.ipynb#x) [b]({at}README.md) "
                   "[c](missing.ipynb) [d](https://x.org/y) [e](#here)")
    moved = nbtools.absolute_links("[a](https://github.com/old/repo/blob/v0/README.md)",
                                   previous=("old/repo", "v0"))
    assert moved == f"[a]({at}README.md)"


def test_set_repository_rewrites_the_one_setting(tmp_path, monkeypatch):
    copy = tmp_path / "notebooks.py"
    copy.write_text((ROOT / "tools" / "notebooks.py").read_text(encoding="utf-8"))
    monkeypatch.setattr(nbtools, "REPOSITORY", nbtools.REPOSITORY)
    monkeypatch.setattr(nbtools, "REF", nbtools.REF)
    nbtools.set_repository("someone/fork", "main", path=copy)
    text = copy.read_text(encoding="utf-8")
    assert 'REPOSITORY = "someone/fork"' in text and 'REF = "main"' in text
    assert nbtools.install_source() == "git+https://github.com/someone/fork@main"
    assert "someone/fork/main?urlpath" in nbtools.binder_line()
    with pytest.raises(SystemExit, match="OWNER/NAME"):
        nbtools.set_repository("not a repo", "main", path=copy)


def test_readme_rows_rewrite_the_badge_column_only():
    row = "| 03 | [Act](notebooks/03_activation_functions.ipynb) | old | what | 61 s |"
    out = nbtools.readme_rows(row + "\nold binder <!-- binder -->")
    cells = out.split("\n")[0].split("|")
    assert cells[3].strip() == nbtools.badges("03_activation_functions")
    assert cells[-2] == " 61 s " and out.split("\n")[1] == nbtools.binder_line()


def test_progress_line_and_expected_time(tmp_path):
    import io

    stream = io.StringIO()
    bar = nbtools.Progress("03_activation_functions", 3, 61.0, stream=stream, every=0)
    bar.step()
    bar.close()
    lines = stream.getvalue().strip().split("\n")
    assert lines[-1].startswith("  03_activation_functions: 1/3 cells, ")
    assert lines[-1].endswith(" s of ~61 s expected")
    assert nbtools.expected_seconds("not_a_notebook") is None
    table = bench.render_table({("03_activation_functions", "jax"): (42.0, "9", "m")})
    results = tmp_path / "RESULTS.md"
    results.write_text(table, encoding="utf-8")
    assert nbtools.expected_seconds("03_activation_functions", "jax", path=results) == 42.0
    assert nbtools.expected_seconds("03_activation_functions", "torch", path=results) is None
    results.write_text("| 03_activation_functions | 61.1 | 120 | yes | d, backend tensorflow 2 |")
    assert nbtools.expected_seconds("03_activation_functions", "tensorflow", path=results) == 61.1


def test_generate_writes_slide_metadata(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 03 · Activation functions\nsub"),
                nbformat.v4.new_markdown_cell("## Setup"),
                nbformat.v4.new_code_cell("SEED = 42"),
                nbformat.v4.new_markdown_cell("## 1. A section\n\ntext"),
                nbformat.v4.new_markdown_cell("## Summary\n\n- done")]
    path = tmp_path / "03_activation_functions.ipynb"
    nbformat.write(nb, path)
    nbtools.apply_generated(path)
    again = nbformat.read(path, as_version=4)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in again.cells]
    assert kinds == nbtools.slide_types(again.cells)
    assert kinds == ["slide", "skip", "skip", "skip", "slide", "slide"]  # install cell skipped


# ------------------------------------------------------------------- 03: the playground's widget


def test_clean_drops_widget_state_and_views_but_keeps_the_text_line():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    panel = nbformat.v4.new_code_cell("playground.make_panel(config)")
    panel.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    panel.outputs = [nbformat.v4.new_output(
        "execute_result", data={"text/plain": "[The interactive playground ...]",
                                "application/vnd.jupyter.widget-view+json": view},
        execution_count=1)]
    figure = nbformat.v4.new_code_cell("plt.show()")
    figure.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR",
                                                                    "text/plain": "<Figure>"}),
                      nbformat.v4.new_output("stream", name="stdout", text="done\n")]
    nb.cells = [panel, figure]
    nbtools._clean(nb)
    assert "widgets" not in nb.metadata and "execution" not in panel.metadata
    assert panel.outputs[0]["data"] == {"text/plain": "[The interactive playground ...]"}
    assert figure.outputs[0]["data"] == {"image/png": "iVBOR", "text/plain": "<Figure>"}
    assert figure.outputs[1]["text"] == "done\n"  # outputs without data are left alone
    nbformat.validate(nb)


def test_fashion_mnist_benchmark_keeps_the_other_backends_block(tmp_path):
    import fashion_mnist

    path = tmp_path / "RESULTS.md"
    path.write_text(f"a\n{fashion_mnist.START}\nold text\n{fashion_mnist.END}\nb", encoding="utf-8")
    fashion_mnist.write_section("jax table", "jax", path)
    fashion_mnist.write_section("tf table", "tensorflow", path)
    fashion_mnist.write_section("jax table 2", "jax", path)
    assert path.read_text(encoding="utf-8") == (
        f"a\n{fashion_mnist.START}\n<!-- backend: tensorflow -->\ntf table\n\n"
        f"<!-- backend: jax -->\njax table 2\n{fashion_mnist.END}\nb")
    path.write_text("no markers", encoding="utf-8")
    with pytest.raises(SystemExit, match="markers"):
        fashion_mnist.write_section("x", "jax", path)


def test_backend_cpu_matmul_mode_counts_the_mlps_products():
    import backend_cpu

    out = backend_cpu.time_matmuls(n_batches=32, repeats=1)
    assert out["layer_sizes"] == [784, 512, 512, 10]
    assert out["batches"] == 32 and out["batches_per_call"] == 16
    # forward products only: 2 FLOPs per multiply-add, 256 images per batch
    assert out["gflop"] == round(2 * (784 * 512 + 512 * 512 + 512 * 10) * 256 * 32 / 1e9, 2)
    assert out["gflop_per_s"] == pytest.approx(out["gflop"] / out["best_s"], rel=0.01)
    with pytest.raises(ValueError, match="n_batches"):
        backend_cpu.time_matmuls(n_batches=8)


def test_backend_cpu_groups_profiled_ops_by_part_of_the_step():
    import backend_cpu

    step = "while/body/_1/while/cond/StatefulPartitionedCall/"
    assert backend_cpu.op_group(step + "final_1/dense_1/MatMul:MatMul") == "matrix products"
    assert backend_cpu.op_group(step + "final_1/dense_2_1/BiasAdd:_FusedMatMul") == (
        "matrix products")
    assert backend_cpu.op_group(step + "adam_3/Sqrt_1:Sqrt") == "optimizer"
    assert backend_cpu.op_group(step + "final_1/dropout_1/stateless_random_uniform:"
                                       "StatelessRandomUniformV2") == "dropout"
    assert backend_cpu.op_group(step + "final_1/batch_normalization_1/moments/Mean:Mean") == (
        "batch norm")
    assert backend_cpu.op_group(step + "ArgMax:ArgMax") == "other"
    assert backend_cpu.op_group("cluster_2_1/xla_run:_XlaRun") == "XLA clusters"
    assert backend_cpu.op_group("Iterator::Root::Prefetch") is None
    assert backend_cpu.op_group("ExecutorState::Process") is None


def test_backend_cpu_mlp_options(capsys, tmp_path):
    import json

    import backend_cpu
    import keras

    def run(*args):
        assert backend_cpu.main(["mlp", "--images", "512", "--epochs", "3", *args]) == 0
        return json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    full = run()
    assert "Dropout" in full["layers"] and "BatchNormalization" in full["layers"]
    bare = run("--without", "dropout", "batch-norm", "--optimizer", "sgd")
    assert bare["without"] == ["dropout", "batch-norm"] and bare["optimizer"] == "sgd"
    assert "Dropout" not in bare["layers"] and "BatchNormalization" not in bare["layers"]
    assert bare["params"] == 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10  # Dense only
    assert len(bare["wall_s"]) == 3 and bare["wall_s_best"] == min(bare["wall_s"][1:])
    assert full["batch"] == 256  # models.FINAL's
    small_batches = run("--batch", "128", "--epochs", "2")
    assert small_batches["batch"] == 128  # the FLOPs per image do not depend on the batch:
    assert small_batches["gflop_per_epoch"] == full["gflop_per_epoch"]
    predicted = run("--predict", "--images", "4096")  # the later --images wins
    assert predicted["predict"] is True
    # GFLOP/s counted for forward passes (training would count about 2.4 times as many); the CPU
    # seconds are rounded to 0.01 s, hence the wide band
    forward_gflop = 2 * (784 * 512 + 512 * 512 + 512 * 10) * 4096 / 1e9
    counted = predicted["gflop_per_cpu_s"] * predicted["cpu_s_per_epoch"]
    assert 0.7 < counted / forward_gflop < 1.4, (counted, forward_gflop)
    hand_msg = "--hand-step trains the mlp network on TensorFlow"
    profile_msg = "--profile profiles fit of the mlp network on TensorFlow"
    bad = {("cnn", "--without", "dropout"): "--without applies to the mlp network only",
           ("mlp", "--epochs", "1"): "--epochs must be at least 2",
           ("mlp", "--predict", "--tf-data", "autotune"): "--predict feeds NumPy arrays",
           ("matmul", "--jit"): "matmul takes none of the training options",
           ("mlp", "--batch", "0"): "--batch must be a positive number of images, not 0",
           ("matmul", "--batch", "64"): "--batch: matmul times batches of 256 only",
           ("cnn", "--hand-step"): hand_msg, ("mlp", "--hand-step", "--predict"): hand_msg,
           ("mlp", "--hand-step", "--tf-data", "autotune"): hand_msg,
           ("mlp", "--batch", "0", "--hand-step"): "--batch must be a positive",
           ("mlp", "--profile", str(tmp_path), "--predict"): profile_msg}
    if keras.backend.backend() == "tensorflow":
        hand = run("--hand-step", "--images", "4096", "--epochs", "2")
        assert hand["hand_step"] is True and len(hand["wall_s"]) == 2 and not hand["xla"]
        profiled = run("--images", "4096", "--epochs", "2", "--profile", str(tmp_path))["profile"]
        assert profiled["steps"] == 16 and list(profiled["thread_s"])[0] == "matrix products"
        assert {"optimizer", "dropout", "batch norm"} <= set(profiled["thread_s"])
        # 3 forward products, 3 for the weights' gradients, 2 for the inputs' gradients: none for
        # the first layer's input (the images), as models.dense_flops_per_sample counts
        assert profiled["traced_op_runs_per_step"]["matrix products"] == 8.0
        a_file = tmp_path / "not-a-folder"
        a_file.write_text("x")
        bad[("mlp", "--hand-step", "--images", "4000")] = "--hand-step needs --images >= 4096"
        bad[("mlp", "--hand-step", "--jit")] = "--hand-step --jit needs --no-determinism"
        bad[("mlp", "--profile", str(tmp_path), "--hand-step")] = profile_msg
        bad[("mlp", "--profile", str(tmp_path), "--jit", "--no-determinism")] = profile_msg
        bad[("mlp", "--profile", str(a_file))] = "--profile DIR must be a folder"
    else:
        bad[("mlp", "--hand-step")] = hand_msg  # TensorFlow only
        bad[("mlp", "--profile", str(tmp_path))] = profile_msg  # TensorFlow only
    capsys.readouterr()
    for args, message in bad.items():
        with pytest.raises(SystemExit):
            backend_cpu.main(list(args))
        assert message in capsys.readouterr().err, args


def test_backend_cpu_hand_step_runs_16_steps_per_call_and_scales(monkeypatch):
    import types

    import backend_cpu
    import keras
    import numpy as np

    from helpers import models

    x, y = np.zeros((8292, 28, 28), np.float32), np.zeros(8292, int)
    if keras.backend.backend() != "tensorflow":
        with pytest.raises(ValueError, match="TensorFlow"):
            backend_cpu.time_hand_steps(None, x, y, batch=256, epochs=1, jit=False)
        return
    model = models.build(models.FINAL, compile=False)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    ticks = iter(range(1000))  # a fake clock: each epoch reads it twice, so lasts 1 "second"
    fake = types.SimpleNamespace(perf_counter=lambda: float(next(ticks)), process_time=lambda: 0.0)
    monkeypatch.setattr(backend_cpu, "time", fake)
    wall, _ = backend_cpu.time_hand_steps(model, x, y, batch=256, epochs=2, jit=False)
    # 8,292 images: 2 calls of 16 batches of 256 per epoch, the last 100 images left out
    assert int(model.optimizer.iterations) == 2 * 2 * 16
    assert wall == pytest.approx([8292 / 8192] * 2)  # scaled up to all the images
    for kwargs, word in (({"batch": 0}, "batch"), ({"epochs": 0}, "epochs"),
                         ({"y": y[:10]}, "y must"), ({"x": x[:4000], "y": y[:4000]}, "at least")):
        args = {"x": x, "y": y, "batch": 256, "epochs": 1, **kwargs}
        with pytest.raises(ValueError, match=word):
            backend_cpu.time_hand_steps(model, args["x"], args["y"], batch=args["batch"],
                                        epochs=args["epochs"], jit=False)
