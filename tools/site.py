"""The course as a static website, from the committed notebooks, that works with no network.

    python tools/site.py [--out build/site]

Lays out the sources in ``build/site-src/``: ``site/conf.py``, ``site/_static/``, MathJax 3 from
npm (``build/web/``, see tools/slides.py), a generated contents page (``index.md``: the notebooks
in course order with their runtimes from benchmarks/RESULTS.md, links to each one's page, slides,
Colab and download) and copies of the notebooks with local badge images; then runs Sphinx
(myst-nb, sphinx-book-theme) without executing anything, and copies ``build/slides/`` (if built:
``make slides``) to ``slides/`` in the site, so the site is one folder to publish.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import slides as slidetools  # noqa: E402

import notebooks as nbtools  # noqa: E402

ROOT = nbtools.ROOT
SOURCES = ROOT / "build" / "site-src"
OUT = ROOT / "build" / "site"


def index_page(stems: list[str]) -> str:
    """The contents page: the notebooks in order, their runtimes and links."""
    titles = dict(nbtools.COURSE)
    rows = []
    for stem in stems:
        seconds = nbtools.expected_seconds(stem, "tensorflow")
        runtime = f"{seconds:.0f} s" if seconds else "—"
        colab = (f'<a href="{nbtools.colab_url(stem)}"><img src="_static/colab-badge.svg" '
                 'alt="Open in Colab"></a>')
        rows.append(f"| {stem[:2]} | [{titles[stem]}](notebooks/{stem}.ipynb) | "
                    f'<a href="slides/{stem}.slides.html">slides</a> | {colab} | '
                    f"{{download}}`.ipynb <notebooks/{stem}.ipynb>` | {runtime} |")
    toc = "\n".join(f"notebooks/{s}" for s in stems)
    return f"""# Deep Learning Basics with Keras

Nine notebooks that teach the basics of deep learning with Keras 3, from tensors to a
Fashion-MNIST classifier. Each page below is a notebook as committed, with its outputs; the
slides are the same notebook as a reveal.js deck (arrow keys move, <kbd>S</kbd> opens the
speaker notes).

| # | notebook | slides | run in the cloud | download | CPU runtime |
| --- | --- | --- | --- | --- | ---: |
{chr(10).join(rows)}

Runtimes are wall seconds on a 2-core CPU with the TensorFlow backend (`make bench`).

```{{toctree}}
:hidden:
:maxdepth: 1

{toc}
```
"""


def site_links(source: str, stem: str) -> str:
    """A markdown cell as the site shows it: the navigation and "next" lines link to the
    site's own pages, other relative links go to the repository (as in the notebooks), and the
    badge images are the local copies."""
    stems = [s for s, _ in nbtools.COURSE]
    titles = dict(nbtools.COURSE)
    i = stems.index(stem)
    prev_ = stems[i - 1] if i > 0 else None
    next_ = stems[i + 1] if i + 1 < len(stems) else None

    def link(s: str, text: str) -> str:
        return f"[{text}]({s}.ipynb)"

    contents = "[Contents](../index.md)"
    nav = " · ".join([*([link(prev_, f"← {nbtools._label(prev_, titles[prev_])}")] if prev_
                        else []), contents,
                      *([link(next_, f"{nbtools._label(next_, titles[next_])} →")] if next_
                        else [])])
    closing = (f"**Next:** {link(next_, nbtools._label(next_, titles[next_]))} · {contents}"
               if next_ else f"**That is the whole course.** Back to the {contents}")
    lines = []
    for line in nbtools.absolute_links(source).split("\n"):
        if line.rstrip().endswith(nbtools.NAV_MARK):
            line = nav
        elif line.rstrip().endswith(nbtools.NEXT_MARK):
            line = closing
        lines.append(line)
    return slidetools.local_badges("\n".join(lines), "../_static/")


def layout(names: list[str], sources: Path = SOURCES) -> list[str]:
    """Write the Sphinx sources into ``sources``; returns the notebook stems."""
    import nbformat

    shutil.rmtree(sources, ignore_errors=True)
    (sources / "notebooks").mkdir(parents=True)
    shutil.copy2(ROOT / "site" / "conf.py", sources / "conf.py")
    shutil.copytree(ROOT / "site" / "_static", sources / "_static")
    modules = slidetools.npm_assets()
    for source, target in slidetools.ASSETS:
        if source.startswith("mathjax/"):
            src, dst = modules / source, sources / "_static" / target
            dst.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    stems = []
    for path in nbtools.resolve(names):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = site_links(cell.source, path.stem)
        nbformat.write(nb, sources / "notebooks" / path.name)
        stems.append(path.stem)
    (sources / "index.md").write_text(index_page(stems), encoding="utf-8")
    return stems


def build(names: list[str], out: Path = OUT, *, slides: Path = slidetools.OUT) -> None:
    layout(names)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
                    "-d", str(SOURCES.parent / "site-doctrees"), str(SOURCES), str(out)],
                   check=True)
    if slides.exists():
        shutil.copytree(slides, out / "slides")
    else:
        print(f"no {slides}: the site's slide links need `make slides` first", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*",
                        help="names, number prefixes or paths (all by default)")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--slides", default=str(slidetools.OUT), help="built decks to include")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(args.notebooks, Path(args.out), slides=Path(args.slides))
    print(f"site in {args.out} in {time.perf_counter() - start:.0f} s "
          f"(open {Path(args.out) / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
