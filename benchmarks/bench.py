"""Time every notebook on this machine, cell by cell, into benchmarks/RESULTS.md.

    python benchmarks/bench.py [NB ...]      # or: make bench [NB="00 03"]
    KERAS_BACKEND=jax python benchmarks/bench.py

First, in a kernel like the notebooks' (same Python, same environment, so the same Keras backend),
it measures the machine's float32 matmul peak for that backend (``fashion_mnist.matmul_peak``: the
best of ten 2048 x 2048 products), so every runtime can be read against the machine it came from.
Then each notebook is executed on a fresh kernel (as ``make run`` does, into build/bench/), one
after the other so they do not compete for the CPU, with the wall time of every cell recorded
(in memory: the timings never go into a notebook).

It rewrites two parts of RESULTS.md: the runtime table (notebook, backend, seconds, budget, within
budget, matmul peak, machine), one row per notebook and backend, rows not re-timed kept; and the
five slowest cells of each timed notebook with their first line. The README's runtime column is
rewritten from the TensorFlow rows. Budgets (DESIGN.md, for the slowest 2-core machine measured):
each notebook <= 120 s, 08 and 09 <= 240 s, the collection <= 12 min, on each backend; a row over
its budget is marked **no**. Nothing is asserted here: the budgets are read from the table.

A run of the whole collection (no NB given) then times the final MLP (``models.FINAL``'s network,
55,000 images) in the same run, with ``backend_cpu.py mlp`` in a fresh process on the same
backend, and rewrites its line in RESULTS.md: the best and the median steady training epoch
(epochs 2-4; the first compiles), the GFLOP/s, and their shares of the matmul peak measured at the
start of the run, with a verdict on issue 13's goal of 60 % (met only when the median clears it
by more than 3 points, how much the peak alone moves between runs). If that timing fails, or a
notebook does, the backend's line says so (an older line is not kept).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as nbtools  # noqa: E402

sys.path.insert(0, str(ROOT))
from helpers import models  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
README = ROOT / "README.md"
BUDGET_S = {"08_fashion_mnist": 240, "09_convolutional_networks": 240}
DEFAULT_BUDGET_S = 120
COLLECTION_BUDGET_S = 12 * 60
SLOWEST = 5
PEAK_REPEATS = 10
START, END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"
CELLS_START, CELLS_END = "<!-- cells:start -->", "<!-- cells:end -->"
MLP_START, MLP_END = "<!-- final-mlp:start -->", "<!-- final-mlp:end -->"
MLP_GOAL = 0.60  # issue 13: the final MLP at >= 60 % of the backend's matmul peak
MLP_MARGIN = 0.03  # the matmul peak alone moved by more than this between runs on one machine
MLP_ARGS = ["mlp", "--images", "55000", "--epochs", "4"]
HEADER = ("| notebook | backend | seconds | budget | within | matmul peak GFLOP/s | measured |\n"
          "| --- | --- | ---: | ---: | --- | ---: | --- |")

#: Runs in a kernel like the notebooks': the backend, its version, the device, the matmul peak.
PROBE = """\
import json, sys
sys.path.insert(0, {bench!r})
from fashion_mnist import matmul_peak
from helpers import env
r = env.report()
print(json.dumps({{"backend": r.backend, "version": r.backend_version, "devices": r.devices,
                  "peak": matmul_peak(repeats={repeats})}}))
"""


def budget(stem: str) -> int:
    return BUDGET_S.get(stem, DEFAULT_BUDGET_S)


def probe_machine(*, repeats: int | None = None) -> dict:
    """Backend, version, devices and float32 matmul peak (GFLOP/s), measured in a kernel."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PROBE.format(bench=str(ROOT / "benchmarks"),
                                                       repeats=repeats or PEAK_REPEATS))]
    out, _, _ = nbtools.execute(ROOT / "benchmarks" / "probe.ipynb", nb=nb)
    text = "".join(o.get("text", "") for o in out.cells[0].outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def first_line(source: str) -> str:
    """The first line that says what a cell does (not a blank line or an nbval marker)."""
    for line in source.split("\n"):
        line = line.strip()
        if line and not line.startswith("# NBVAL"):
            text = line if len(line) <= 72 else line[:69] + "..."
            return text.replace("|", "\\|").replace("`", "'")
    return "(empty)"


def slowest_cells(nb, cell_seconds, n: int = SLOWEST) -> list[tuple[int, float, str]]:
    """The n slowest code cells as (number among code cells, seconds, first line)."""
    code_number = {i: k for k, i in enumerate(
        (i for i, c in enumerate(nb.cells) if c.cell_type == "code"), 1)}
    top = sorted(cell_seconds, key=lambda pair: -pair[1])[:n]
    return [(code_number[i], s, first_line(nb.cells[i].source)) for i, s in top]


def cells_line(stem: str, backend: str, seconds: float, top) -> str:
    body = "; ".join(f"cell {k}: {s:.1f} s `{text}`" for k, s, text in top)
    return f"- **{stem}** ({backend}, {seconds:.1f} s): {body}"


def replace_between(text: str, start: str, end: str, body: str) -> str:
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"markers {start} ... {end} not found")
    return pattern.sub(lambda _: f"{start}\n{body}\n{end}", text)


def _previous_rows(text: str) -> dict[tuple[str, str], tuple[float, str, str]]:
    """Rows already in the table, (notebook, backend) -> (seconds, peak, machine).

    Reads this table and the older one without a backend column (backend taken from the
    machine description)."""
    rows = {}
    stems = dict(nbtools.COURSE)
    for line in text.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not cells or cells[0] not in stems:
            continue
        try:
            if len(cells) == 7:
                rows[(cells[0], cells[1])] = (float(cells[2]), cells[5], cells[6])
            elif len(cells) == 5:
                hit = re.search(r"backend (\w+)", cells[4])
                rows[(cells[0], hit.group(1) if hit else "tensorflow")] = (
                    float(cells[1]), "—", cells[4])
        except ValueError:
            continue
    return rows


def _previous_cells(text: str) -> dict[tuple[str, str], str]:
    pattern = re.compile(re.escape(CELLS_START) + r"(.*?)" + re.escape(CELLS_END), re.S)
    hit = pattern.search(text)
    lines = {}
    for line in (hit.group(1) if hit else "").split("\n"):
        m = re.match(r"- \*\*(\w+)\*\* \((\w+),", line)
        if m:
            lines[(m.group(1), m.group(2))] = line
    return lines


def render_table(rows: dict[tuple[str, str], tuple[float, str, str]]) -> str:
    order = [s for s, _ in nbtools.COURSE]
    backends = sorted({b for _, b in rows}, key=lambda b: (b != "tensorflow", b))
    body = ["Each notebook executed on a fresh kernel, one after another. Budgets: each notebook "
            f"<= {DEFAULT_BUDGET_S} s, 08 and 09 <= 240 s, the collection <= "
            f"{COLLECTION_BUDGET_S} s, on each backend. The peak is the float32 matmul peak of "
            "the backend measured in the same run.", "", HEADER]
    for backend in backends:
        for stem in order:
            if (stem, backend) in rows:
                seconds, peak, machine = rows[(stem, backend)]
                within = "yes" if seconds <= budget(stem) else "**no**"
                body.append(f"| {stem} | {backend} | {seconds:.1f} | {budget(stem)} | {within} "
                            f"| {peak} | {machine} |")
        timed = [s for s in order if (s, backend) in rows]
        if len(timed) == len(order):
            total = sum(rows[(s, backend)][0] for s in order)
            within = "yes" if total <= COLLECTION_BUDGET_S else "**no**"
            body.append(f"| **all** | {backend} | {total:.1f} | {COLLECTION_BUDGET_S} | "
                        f"{within} | | |")
    if {"tensorflow", "jax"} <= set(backends):
        both = [s for s in order if (s, "tensorflow") in rows and (s, "jax") in rows]
        body += ["", "TensorFlow's time over JAX's for each notebook (above 1: JAX is faster); "
                 "compare rows measured in the same kind of run and state of the machine.", "",
                 "| notebook | TensorFlow s | JAX s | TF / JAX |", "| --- | ---: | ---: | ---: |"]
        for stem in both:
            tf_s, jax_s = rows[(stem, "tensorflow")][0], rows[(stem, "jax")][0]
            body.append(f"| {stem} | {tf_s:.1f} | {jax_s:.1f} | {tf_s / jax_s:.2f} |")
        if len(both) == len(order):
            tf_s = sum(rows[(s, "tensorflow")][0] for s in order)
            jax_s = sum(rows[(s, "jax")][0] for s in order)
            body.append(f"| **all** | {tf_s:.1f} | {jax_s:.1f} | {tf_s / jax_s:.2f} |")
    return "\n".join(body)


def render_cells(lines: dict[tuple[str, str], str]) -> str:
    order = {s: k for k, (s, _) in enumerate(nbtools.COURSE)}
    keys = sorted(lines, key=lambda k: (k[1] != "tensorflow", k[1], order.get(k[0], 99)))
    head = (f"The {SLOWEST} slowest cells of each notebook (numbered among its code cells, "
            "the generated install cell included), with their first line.\n")
    return head + "\n" + ("\n".join(lines[k] for k in keys) or "Not measured yet: `make bench`.")


def update_results(text: str, rows, cells) -> str:
    text = replace_between(text, START, END, render_table(rows))
    if CELLS_START not in text:
        text = text.replace(END, f"{END}\n\n### Slowest cells\n\n{CELLS_START}\n{CELLS_END}", 1)
    return replace_between(text, CELLS_START, CELLS_END, render_cells(cells))


MLP_FIELDS = ("backend", "wall_s", "wall_s_best", "gflop_per_epoch", "gflop_per_s", "load")


def measure_final_mlp(backend: str, *, timeout: int = 600) -> dict:
    """The final MLP's training epochs on ``backend``: ``backend_cpu.py mlp``'s JSON line.

    Any failure (a non-zero exit, a time-out, output that is not the expected JSON line, another
    backend than the peak was measured on) is a RuntimeError that says what went wrong."""
    command = f"benchmarks/backend_cpu.py {' '.join(MLP_ARGS)}"
    try:
        done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "backend_cpu.py"),
                               *MLP_ARGS], capture_output=True, text=True, cwd=ROOT,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{command} took longer than {timeout} s") from None
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{done.stderr[-800:]}")
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
        missing = [k for k in MLP_FIELDS if k not in result]
    except (IndexError, ValueError, TypeError):
        raise RuntimeError(f"{command} printed no JSON line at the end:\n"
                           f"{done.stdout[-400:]}") from None
    if missing:
        raise RuntimeError(f"{command}'s JSON line lacks {missing}")
    if result["backend"] != backend:
        raise RuntimeError(f"{command} ran on {result['backend']!r}, but the peak was measured "
                           f"on {backend!r}: set KERAS_BACKEND for both")
    return result


def mlp_line(result: dict, peak: float, described: str) -> str:
    """One backend's line: best steady epoch, GFLOP/s and the share of this run's peak."""
    share = result["gflop_per_epoch"] / result["wall_s_best"] / peak  # same rounding as the median
    steady = sorted(result["wall_s"][1:])
    median = steady[len(steady) // 2] if len(steady) % 2 else sum(steady[len(steady) // 2 - 1:
                                                                          len(steady) // 2 + 1]) / 2
    median_share = result["gflop_per_epoch"] / median / peak
    if median_share >= MLP_GOAL + MLP_MARGIN:
        met = "met"
    elif median_share >= MLP_GOAL - MLP_MARGIN:
        met = (f"at the goal (within {100 * MLP_MARGIN:.0f} points of it, less than the peak "
               "moves between runs: one run cannot tell)")
    else:
        met = "**not met**"
    epochs = ", ".join(f"{t:.2f}" for t in result["wall_s"])
    return (f"- **{result['backend']}**: best steady epoch {result['wall_s_best']:.2f} s "
            f"(epochs 1-{len(result['wall_s'])}: {epochs} s; the first compiles), "
            f"{result['gflop_per_epoch']:.1f} GFLOP per epoch, so {result['gflop_per_s']:.0f} "
            f"GFLOP/s: **{100 * share:.1f} %** of this run's peak ({peak:.1f} GFLOP/s); the "
            f"median steady epoch {100 * median_share:.1f} %; goal {100 * MLP_GOAL:.0f} %: "
            f"{met}. Measured {described}.")


def _previous_mlp_lines(text: str) -> dict[str, str]:
    pattern = re.compile(re.escape(MLP_START) + r"(.*?)" + re.escape(MLP_END), re.S)
    hit = pattern.search(text)
    return {m.group(1): line for line in (hit.group(1) if hit else "").split("\n")
            if (m := re.match(r"- \*\*(\w+)\*\*: best steady epoch", line))}


def update_mlp_section(text: str, lines: dict[str, str]) -> str:
    """Rewrite the final MLP's lines (one per backend, TensorFlow first), adding the section."""
    head = ("The final MLP (`models.FINAL`'s network: notebook 08's best, batch "
            f"{models.FINAL.batch_size}, here on random images) timed by `make bench` after the "
            "notebooks, in the same run, with `python "
            f"benchmarks/backend_cpu.py {' '.join(MLP_ARGS)}` (`fit` as the course calls it, "
            "no validation, no learning-rate schedule). GFLOP counts the matrix products "
            "(`models.dense_flops_per_sample`); the peak is the one measured at the start of "
            "the same run. The goal counts as met when the median steady epoch clears it by "
            f"more than {100 * MLP_MARGIN:.0f} points.\n")
    keys = sorted(lines, key=lambda b: (b != "tensorflow", b))
    body = head + "\n" + "\n".join(lines[k] for k in keys)
    if MLP_START not in text:
        text = text.replace(CELLS_END, f"{CELLS_END}\n\n### The final MLP in the same run\n\n"
                            f"{MLP_START}\n{MLP_END}", 1)
    return replace_between(text, MLP_START, MLP_END, body)


def update_readme(times: dict[str, float]) -> None:
    """Rewrite the runtime cells of the README's notebook table for the timed notebooks."""
    lines = README.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        for stem, seconds in times.items():
            if f"(notebooks/{stem}.ipynb)" in line and line.count("|") >= 5:
                cells = line.split("|")
                cells[-2] = f" {seconds:.0f} s "
                lines[i] = "|".join(cells)
    README.write_text("\n".join(lines), encoding="utf-8")


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: list[str]) -> int:
    import nbformat

    paths = nbtools.resolve(argv)
    print("measuring the float32 matmul peak in a kernel ...", flush=True)
    machine = probe_machine()
    backend, peak = machine["backend"], machine["peak"]
    print(f"  backend {backend}: {peak:.0f} GFLOP/s", flush=True)
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    timed, cells, failed = {}, {}, False
    for k, path in enumerate(paths, 1):
        print(f"[{k}/{len(paths)}] {path.name}", flush=True)
        try:
            nb, seconds, cell_seconds = nbtools.execute(path, progress=True)
        except Exception as exc:  # report and go on: one broken notebook must not hide the rest
            print(f"  FAILED: {str(exc)[-800:]}", file=sys.stderr)
            failed = True
            continue
        nbformat.write(nb, out / path.name)
        timed[path.stem] = seconds
        cells[(path.stem, backend)] = cells_line(path.stem, backend, seconds,
                                                 slowest_cells(nb, cell_seconds))
        over = "" if seconds <= budget(path.stem) else "  OVER BUDGET"
        print(f"  {seconds:.1f} s (budget {budget(path.stem)} s){over}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    where = ", ".join(machine["devices"])
    machine_text = (f"{dt.date.today().isoformat()}, {os.cpu_count()} CPU cores ({_cpu_name()}), "
                    f"{backend} {machine['version']}, device {where}, Python "
                    f"{platform.python_version()}")
    described = f"{machine_text}, load average {load:.1f} at the end"
    text = RESULTS.read_text(encoding="utf-8")
    rows = _previous_rows(text)
    rows.update({(s, backend): (t, f"{peak:.0f}", described) for s, t in timed.items()})
    old_cells = _previous_cells(text)
    old_cells.update(cells)
    text = update_results(text, rows, old_cells)
    RESULTS.write_text(text, encoding="utf-8")  # before the MLP: its failure must not lose these
    if backend == "tensorflow":
        update_readme(timed)
    print(f"\nwrote {RESULTS}"
          + (" and the README's runtime column" if backend == "tensorflow" else ""))
    if not argv and failed:
        print("final MLP not timed: a notebook failed")
        mlp_lines = _previous_mlp_lines(text)
        if backend in mlp_lines:  # an older line must not pass for this run's
            mlp_lines[backend] = (f"- **{backend}**: best steady epoch not measured in the run "
                                  f"of {machine_text} (a notebook failed)")
            RESULTS.write_text(update_mlp_section(text, mlp_lines), encoding="utf-8")
    if not argv and not failed:  # the whole collection: the final MLP in the same run
        print("timing the final MLP (backend_cpu.py mlp, 55,000 images) ...", flush=True)
        try:
            result = measure_final_mlp(backend)
        except RuntimeError as exc:  # an older line must not pass for this run's
            print(f"  FAILED: {exc}", file=sys.stderr)
            mlp_lines = _previous_mlp_lines(text)
            if backend in mlp_lines:
                first = str(exc).strip().splitlines()[0][:200]
                mlp_lines[backend] = (f"- **{backend}**: best steady epoch not measured in the "
                                      f"run of {machine_text} ({first})")
                RESULTS.write_text(update_mlp_section(text, mlp_lines), encoding="utf-8")
            return 1
        line = mlp_line(result, peak, f"{machine_text}, load average {result['load']:.1f} "
                                      "at its end")
        print("  " + line)
        mlp_lines = _previous_mlp_lines(text)
        mlp_lines[backend] = line
        RESULTS.write_text(update_mlp_section(text, mlp_lines), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
