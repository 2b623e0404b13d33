"""Time every notebook on this machine and record the table in benchmarks/RESULTS.md.

    python benchmarks/bench.py [NB ...]      # or: make bench [NB="00 03"]

Each notebook is executed on a fresh kernel (as `make run` does, into build/bench/), one after
the other so they do not compete for the CPU. The table (notebook, wall seconds, budget,
backend, device, CPU count, date) replaces the one between the markers in RESULTS.md, and the
README's runtime column is rewritten from it. Timing only whole notebooks; nothing is asserted
here (the budgets are checked by reading the table, not by a timed test).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as nbtools  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
README = ROOT / "README.md"
BUDGET_S = {"08_fashion_mnist": 300}
DEFAULT_BUDGET_S = 120
START, END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"


def _machine() -> tuple[str, str]:
    """Backend and device description, asked in a subprocess so this process stays light."""
    import subprocess

    code = ("from helpers import env; env.quiet_startup(); r = env.report(); "
            "print(r.backend, r.backend_version); print(', '.join(r.devices))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    return out[0], out[1]


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def replace_between(text: str, start: str, end: str, body: str) -> str:
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"markers {start} ... {end} not found")
    return pattern.sub(lambda _: f"{start}\n{body}\n{end}", text)


def _previous_rows(text: str) -> dict[str, tuple[float, int, str]]:
    """Rows already in the table (notebook -> seconds, budget, machine), kept when not re-timed."""
    rows = {}
    for line in text.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in dict(nbtools.COURSE):
            try:
                rows[cells[0]] = (float(cells[1]), int(cells[2]), cells[4])
            except ValueError:
                continue
    return rows


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


def main(argv: list[str]) -> int:
    import nbformat

    paths = nbtools.resolve(argv)
    backend, devices = _machine()
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    rows, times, failed = [], {}, False
    for path in paths:
        print(f"timing {path.name} ...", flush=True)
        try:
            nb, seconds = nbtools.execute(path)
        except Exception as exc:  # report and go on: one broken notebook must not hide the rest
            print(f"  FAILED: {str(exc)[-800:]}", file=sys.stderr)
            failed = True
            continue
        nbformat.write(nb, out / path.name)
        budget = BUDGET_S.get(path.stem, DEFAULT_BUDGET_S)
        times[path.stem] = seconds
        rows.append((path.stem, seconds, budget))
        print(f"  {seconds:.1f} s (budget {budget} s)")
    date = dt.date.today().isoformat()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    machine = (f"{date}, {os.cpu_count()} CPU cores ({_cpu_name()}), backend {backend}, "
               f"device {devices}, Python {platform.python_version()}, "
               f"load average {load:.1f} at the end")
    old = _previous_rows(RESULTS.read_text(encoding="utf-8"))
    for stem, seconds, budget in rows:
        old[stem] = (seconds, budget, machine)
    order = [s for s, _ in nbtools.COURSE if s in old]
    header = ("Each notebook executed on a fresh kernel, one after another.\n\n"
              "| notebook | seconds | budget | within | measured |\n"
              "| --- | ---: | ---: | --- | --- |")
    body = [header] + [f"| {s} | {old[s][0]:.1f} | {old[s][1]} | "
                       f"{'yes' if old[s][0] <= old[s][1] else '**no**'} | {old[s][2]} |"
                       for s in order]
    if len(order) == len(nbtools.COURSE):
        total = sum(old[s][0] for s in order)
        body.append(f"| **all** | {total:.1f} | 900 | {'yes' if total <= 900 else '**no**'} | |")
    RESULTS.write_text(replace_between(RESULTS.read_text(encoding="utf-8"), START, END,
                                       "\n".join(body)), encoding="utf-8")
    update_readme(times)
    print(f"\nwrote {RESULTS.relative_to(ROOT)} and the README's runtime column")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
