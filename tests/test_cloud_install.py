"""The cloud path, offline: notebook 00 (every notebook with DLB_CLOUD_ALL=1) runs through its
own install cell in an environment that has the platform's stack (TensorFlow, Keras, NumPy,
matplotlib, Jupyter) but not ``helpers``, as in Colab or Kaggle; the install cell does nothing
where ``helpers`` is already installed; and every notebook's generated parts agree with the one
setting (``REPOSITORY``, ``REF`` in tools/notebooks.py).

The "platform" is this project's environment seen through a ``.pth`` file from a fresh venv:
every package of ``.venv`` except the helpers package itself (its editable finder and metadata
are left out). A venv made with ``--system-site-packages`` would see the base interpreter, not
``.venv``, so it would not have the stack. The install source is a wheel built here from the
working tree (``DLB_HELPERS_SOURCE``), so nothing is downloaded.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as nbtools  # noqa: E402

MIRROR = ROOT.parent / "shared" / "data"
#: Notebook 00 always; every notebook with DLB_CLOUD_ALL=1 (the slow path, about 10 minutes).
CLOUD_STEMS = [s for s, _ in nbtools.COURSE
               if s.startswith("00") or os.environ.get("DLB_CLOUD_ALL") == "1"]
STACK = ("tensorflow", "keras", "numpy", "matplotlib", "jax", "scipy")


def _run(*cmd, **kwargs):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300,
                          **kwargs)
    assert proc.returncode == 0, f"{cmd}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


def build_wheel(dest: Path) -> Path:
    """The helpers wheel, built offline from a copy of the package's files (the working tree's
    build/ and egg-info stay untouched)."""
    import shutil

    src = dest / "src"
    shutil.copytree(ROOT / "helpers", src / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", dest, src)
    (wheel,) = dest.glob("dl_basics_helpers-*.whl")
    return wheel


def platform_venv(folder: Path) -> Path:
    """A fresh venv whose only extra packages are this environment's, minus helpers."""
    _run(sys.executable, "-m", "venv", "--without-pip", folder)
    python = folder / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())
    stack = folder / "platform-stack"
    stack.mkdir()
    ours = Path(sysconfig.get_paths()["purelib"])
    for entry in ours.iterdir():
        if entry.name.startswith(("dl_basics_helpers", "__editable__")) or entry.suffix == ".pth":
            continue
        (stack / entry.name).symlink_to(entry)
    (site / "platform-stack.pth").write_text(f"{stack}\n", encoding="utf-8")
    return python


def test_wheel_version_is_the_packages_one(tmp_path):
    wheel = build_wheel(tmp_path)
    assert wheel.name.startswith(f"dl_basics_helpers-{nbtools.helpers_version()}-py3-none-any")


def test_install_cell_does_nothing_where_helpers_is_installed():
    # the local clone and CI: helpers imports at the right version, so a bogus source is unused
    env = {**os.environ, nbtools.SOURCE_ENV: "/nonexistent/helpers.whl"}
    proc = _run(sys.executable, "-c", nbtools.install_cell(), env=env, cwd=ROOT / "notebooks")
    assert proc.stdout == "" and proc.stderr == ""


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow",
                    reason="installation, not the backend, is tested: once, on the default")
@pytest.mark.skipif(sys.platform == "win32", reason="venv layout and IPC kernels are POSIX here")
@pytest.mark.parametrize("stem", CLOUD_STEMS)
def test_notebook_runs_through_its_install_cell_in_a_fresh_platform(tmp_path, monkeypatch, stem):
    import json

    wheel = build_wheel(tmp_path / "dist")
    python = platform_venv(tmp_path / "venv")
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())
    # the premise: the stack is there, helpers is not
    _run(python, "-c", "import tensorflow, keras, numpy, matplotlib, ipykernel")
    probe = subprocess.run([python, "-c", "import helpers"], capture_output=True, cwd=tmp_path)
    assert probe.returncode != 0, "helpers is importable before the install cell ran"

    kernels = tmp_path / "jupyter" / "kernels" / "platform"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "platform", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv(nbtools.SOURCE_ENV, str(wheel))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    if "DLB_DATA_DIR" not in os.environ and (MIRROR / "fashion-mnist").is_dir():
        monkeypatch.setenv("DLB_DATA_DIR", str(MIRROR))
    monkeypatch.delenv("PYTHONPATH", raising=False)

    work = tmp_path / "notebooks"
    work.mkdir()
    path = work / f"{stem}.ipynb"
    path.write_bytes((ROOT / "notebooks" / path.name).read_bytes())
    nbtools.apply_generated(path)  # the notebook as it will be published: with its install cell
    nb, _, cell_seconds = nbtools.execute(path, kernel_name="platform", timeout=600)

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == nbtools.install_cell()
    assert not [o for o in code[0].outputs if o.get("name") == "stderr"], code[0].outputs
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # top to bottom
    assert len(cell_seconds) == len(code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    installed = sorted(p.name for p in site.iterdir())
    assert any(n.startswith("dl_basics_helpers-") and n.endswith(".dist-info") for n in installed)
    assert "helpers" in installed
    reinstalled = [n for n in installed if n.split("-")[0].lower() in STACK]
    assert not reinstalled, f"the install cell reinstalled the platform's {reinstalled}"

    # a restarted runtime imports the installed package: the cell does nothing the second time
    env = {**os.environ, nbtools.SOURCE_ENV: "/nonexistent/helpers.whl"}
    again = _run(python, "-c", nbtools.install_cell(), env=env, cwd=work)
    assert again.stdout == "" and again.stderr == ""


NOTEBOOKS = [ROOT / "notebooks" / f"{s}.ipynb" for s, _ in nbtools.COURSE
             if (ROOT / "notebooks" / f"{s}.ipynb").exists()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_generated_parts_agree_with_the_one_setting(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    fix = "run `python tools/notebooks.py generate`, then `make notebooks`"
    title = nb.cells[0].source
    assert nbtools.badges_line(path.stem) in title, f"{path.name}: badges missing or stale; {fix}"
    assert nbtools.nav_line(path.stem) in title, f"{path.name}: navigation stale; {fix}"
    assert nb.cells[1].cell_type == "code" and nb.cells[1].source == nbtools.install_cell(), (
        f"{path.name}: the second cell must be the generated install cell; {fix}")
    installs = [c for c in nb.cells if c.cell_type == "code"
                and c.source.startswith(nbtools.INSTALL_MARK)]
    assert len(installs) == 1, f"{path.name}: {len(installs)} install cells"
    assert nbtools.next_line(path.stem) in nb.cells[-1].source or any(
        nbtools.next_line(path.stem) in c.source for c in nb.cells if c.cell_type == "markdown")
    # every link into the repository is absolute and at the one ref (relative ones break in Colab)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    relative = [m for m in re.findall(r"\]\(([^)\s]+)\)", markdown)
                if not m.startswith(("http://", "https://", "#", "mailto:"))]
    assert not relative, f"{path.name}: relative links break in Colab: {relative}"
    for repo, ref in re.findall(r"github\.com/([\w.-]+/[\w.-]+)/(?:blob|tree)/([\w./-]+?)/",
                                markdown):
        if repo == nbtools.REPOSITORY or repo.endswith("/" + nbtools.REPOSITORY.split("/")[1]):
            assert (repo, ref) == (nbtools.REPOSITORY, nbtools.REF), f"{path.name}: {repo}@{ref}"


def test_readme_badges_agree_with_the_one_setting():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    fix = "`python tools/notebooks.py generate`"
    assert nbtools.readme_rows(text) == text, f"README badges stale: {fix}"
    assert nbtools.binder_line() in text
    for stem, _ in nbtools.COURSE:
        if (ROOT / "notebooks" / f"{stem}.ipynb").exists():
            assert nbtools.badges(stem) in text, f"README: no badges for {stem}"


def test_install_source_is_the_repository_at_the_ref():
    assert nbtools.install_source() == f"git+https://github.com/{nbtools.REPOSITORY}@{nbtools.REF}"
    cell = nbtools.install_cell()
    assert nbtools.install_source() in cell and f'!= "{nbtools.helpers_version()}"' in cell
    import helpers

    assert helpers.__version__ == nbtools.helpers_version()
