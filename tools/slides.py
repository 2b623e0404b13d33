"""reveal.js decks of the notebooks, from their committed outputs, that work with no network.

    python tools/slides.py [NB ...] [--out build/slides]

Each notebook becomes ``build/slides/<stem>.slides.html`` (plus ``index.html`` listing the decks).
Nothing is re-executed: the deck shows the committed outputs. The slide structure is the cells'
``slideshow.slide_type`` metadata, which ``tools/notebooks.py`` writes from its rules (a cell
without it gets the rule's value here, with a warning: run ``make generate``).

Everything the deck loads is served from the deck's own folder: reveal.js (and its notes plugin),
MathJax 3, require.js and jQuery come from the npm registry at build time (``site/package.json``
and its lock file, installed by ``npm ci`` into ``build/web/``) and are copied to
``build/slides/_lib/``; the badge images are local SVGs. The template
(``site/templates/reveal_offline``) drops nbconvert's CDN imports (mermaid, MathJax 2).
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks as nbtools  # noqa: E402

ROOT = nbtools.ROOT
SITE = ROOT / "site"
WEB = ROOT / "build" / "web"
OUT = ROOT / "build" / "slides"
TEMPLATES = SITE / "templates"
#: (what to copy from build/web/node_modules, where it goes under _lib/)
ASSETS = [
    ("reveal.js/dist", "reveal.js/dist"),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes"),
    ("mathjax/es5/tex-chtml-full.js", "mathjax/tex-chtml-full.js"),
    ("mathjax/es5/output/chtml/fonts/woff-v2", "mathjax/output/chtml/fonts/woff-v2"),
    ("mathjax/es5/a11y", "mathjax/a11y"),  # loaded on demand by MathJax's menu
    ("mathjax/es5/sre", "mathjax/sre"),
    ("mathjax/es5/ui", "mathjax/ui"),
    ("requirejs/require.js", "require.js"),
    ("jquery/dist/jquery.min.js", "jquery.min.js"),
]
#: Remote badge images in the notebooks -> the local copies under site/_static/.
BADGES = {nbtools.COLAB_BADGE: "colab-badge.svg", nbtools.KAGGLE_BADGE: "kaggle-badge.svg"}


def npm_assets(web: Path = WEB) -> Path:
    """``build/web/node_modules`` installed from ``site/package.json`` and its lock (npm ci)."""
    modules = web / "node_modules"
    stamp = modules / ".lock-copy"
    lock = (SITE / "package-lock.json").read_text(encoding="utf-8")
    if stamp.exists() and stamp.read_text(encoding="utf-8") == lock:
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("make slides needs npm (Node.js) to fetch reveal.js and MathJax: "
                         "install Node.js (Debian: apt-get install -y npm)")
    web.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(SITE / name, web / name)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=web,
                   check=True)
    stamp.write_text(lock, encoding="utf-8")
    return modules


def copy_assets(lib: Path, modules: Path) -> None:
    """The deck's scripts, styles and fonts under ``lib`` (copied once per install)."""
    stamp = lib / ".copied"
    if stamp.exists() and stamp.stat().st_mtime >= (modules / ".lock-copy").stat().st_mtime:
        return
    shutil.rmtree(lib, ignore_errors=True)
    for source, target in ASSETS:
        src, dst = modules / source, lib / target
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    for name in BADGES.values():
        shutil.copy2(SITE / "_static" / name, lib / name)
    stamp.touch()


def local_badges(source: str, prefix: str) -> str:
    """Markdown with the remote badge images replaced by the local copies under ``prefix``."""
    for url, name in BADGES.items():
        source = source.replace(f"]({url})", f"]({prefix}{name})")
    return source


def prepare(nb, stem: str, *, badge_prefix: str = "_lib/"):
    """The notebook as the deck shows it: slide metadata (the rules' value where a cell has
    none) and local badge images. Returns the number of cells that lacked slide metadata."""
    missing = 0
    for cell, kind in zip(nb.cells, nbtools.slide_types(nb.cells)):
        if "slide_type" not in cell.metadata.get("slideshow", {}):
            cell.metadata["slideshow"] = {"slide_type": kind}
            missing += 1
        if cell.cell_type == "markdown":
            cell.source = local_badges(cell.source, badge_prefix)
    return missing


def expected_slides(nb) -> int:
    """How many slides (horizontal and vertical) the deck of this notebook has."""
    return sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")
               for c in nb.cells)


def exporter():
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)], template_name="reveal_offline",
        reveal_url_prefix="_lib/reveal.js", reveal_theme="white", reveal_transition="none",
        mathjax_url="_lib/mathjax/tex-chtml-full.js", require_js_url="_lib/require.js",
        jquery_url="_lib/jquery.min.js", exclude_input_prompt=True, exclude_output_prompt=True)


def build(names: list[str], out: Path = OUT) -> list[tuple[str, dict, float]]:
    """Write one deck per notebook into ``out``; returns (stem, counts, seconds) per
    deck; ``decks.json`` records the counts (slides, notes cells, markdown cells with math)."""
    import nbformat

    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out / "_lib", npm_assets())
    export = exporter()
    rows = []
    for path in nbtools.resolve(names):
        start = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        missing = prepare(nb, path.stem)
        if missing:
            warnings.warn(f"{path.name}: {missing} cells lack slide metadata; using the rules' "
                          "values (run make generate)", stacklevel=1)
        body, _ = export.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        (out / f"{path.stem}.slides.html").write_text(body, encoding="utf-8")
        counts = {"slides": expected_slides(nb),
                  "notes": sum(c.metadata["slideshow"]["slide_type"] == "notes" for c in nb.cells),
                  "math": sum(c.cell_type == "markdown" and "$" in c.source for c in nb.cells)}
        rows.append((path.stem, counts, time.perf_counter() - start))
    # What the browser tests compare each deck with: the slide count its metadata says.
    record = out / "decks.json"  # decks built earlier keep their entry
    decks = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    decks.update({s: counts for s, counts, _ in rows})
    record.write_text(json.dumps(decks, indent=1), encoding="utf-8")
    titles = dict(nbtools.COURSE)
    items = "\n".join(f'<li><a href="{s}.slides.html">{html.escape(nbtools._label(s, titles[s]))}'
                      f"</a> ({n['slides']} slides)</li>" for s, n, _ in rows)
    (out / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Slides</title>'
        f"</head><body><h1>Deep Learning Basics with Keras: slides</h1><ul>\n{items}\n</ul>"
        "<p>Keys: arrows move, <kbd>S</kbd> opens the speaker notes, <kbd>F</kbd> full screen, "
        "<kbd>Esc</kbd> the overview.</p></body></html>\n", encoding="utf-8")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*",
                        help="names, number prefixes or paths (all by default)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = build(args.notebooks, Path(args.out))
    for stem, counts, seconds in rows:
        print(f"{stem:<40} {counts['slides']:>4} slides {seconds:>6.1f} s")
    print(f"{len(rows)} decks in {args.out} in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
