"""Run notebooks' code cells in one IPython shell per notebook, timing each cell (no Jupyter).

    python benchmarks/run_cells.py notebooks/0*.ipynb [--json timings.json]

For machines that have IPython but no Jupyter kernel machinery (the GPU machine the benchmark
numbers for a GPU come from). Each notebook runs in a fresh subprocess, cells in order, figures
on the Agg backend; a failing cell stops that notebook and is reported. Prints one line per
notebook (seconds, cells, slowest cell) and writes the per-cell times as JSON when asked.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

_CHILD = r"""
import json, sys, time
import matplotlib
matplotlib.use("Agg")
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
cells = json.loads(sys.stdin.read())
times = []
for i, src in enumerate(cells):
    t0 = time.perf_counter()
    result = shell.run_cell(src, silent=True)
    times.append(time.perf_counter() - t0)
    import matplotlib.pyplot as plt
    plt.close("all")
    if not result.success:
        err = result.error_in_exec or result.error_before_exec
        print(json.dumps({"times": times, "failed": i, "error": repr(err)[:500]}))
        sys.exit(0)
print(json.dumps({"times": times, "failed": None, "error": None}))
"""


def code_cells(path: Path) -> list[str]:
    book = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            src = cell["source"]
            cells.append("".join(src) if isinstance(src, list) else src)
    return cells


def run(path: Path) -> dict:
    cells = code_cells(path)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(cells), text=True,
                          capture_output=True, cwd=path.parent, env=dict(os.environ))
    wall = time.perf_counter() - start
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{\"times\"")]
    if not lines:
        return {"notebook": path.stem, "wall": wall, "cells": len(cells), "times": [],
                "failed": -1, "error": proc.stderr[-800:]}
    out = json.loads(lines[-1])
    slow = sorted(range(len(out["times"])), key=lambda k: -out["times"][k])[:5]
    out.update(notebook=path.stem, wall=wall, cells=len(cells),
               slowest=[(k, round(out["times"][k], 1), cells[k].strip().splitlines()[0][:70])
                        for k in slow])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results, failed = [], 0
    for path in args.notebooks:
        res = run(path.resolve())
        results.append(res)
        status = "ok" if res["failed"] is None else f"FAILED at code cell {res['failed']}"
        failed += res["failed"] is not None
        print(f"{res['notebook']:40s} {res['wall']:7.1f} s  {res['cells']:3d} cells  {status}",
              flush=True)
        if res["failed"] is not None:
            print("   ", res.get("error"), flush=True)
        for k, secs, first in res.get("slowest", [])[:3]:
            print(f"      cell {k:3d} {secs:6.1f} s  {first}", flush=True)
    total = sum(r["wall"] for r in results)
    print(f"{'all':40s} {total:7.1f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
