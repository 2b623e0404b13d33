"""Fashion-MNIST training throughput: the lectures' baseline, the collection's final MLP and CNN.

    python benchmarks/fashion_mnist.py             # seeds 0 1 2; this backend's part of RESULTS.md
    python benchmarks/fashion_mnist.py --no-write       # print the table only
    python benchmarks/fashion_mnist.py --quick          # a smoke test: 2,000 images, 1 epoch

In one run on one machine it

1. measures the float32 matrix-multiply peak of the active Keras backend (the best of several
   2048 x 2048 products, ``keras.ops.matmul``);
2. trains (a) the lectures' baseline (``helpers.models.BASELINE``: 2 x 512 ReLU, Adam, batch 32,
   5 epochs), (b) the collection's final recipe (``helpers.models.FINAL``, what notebook 08
   trains) and (c) notebook 09's small convolutional network (``helpers.models.build_cnn``,
   trained as ``helpers.models.CNN`` says) for each seed, on the 55,000 training images with
   5,000 validation images held out (as in notebooks 08 and 09, all compiled with
   ``steps_per_execution=models.STEPS_PER_EXECUTION``),
   and evaluates each model once on the 10,000 test images;
3. reports seconds per epoch, images per second, achieved GFLOP/s (Dense layers: 2 n_in n_out
   FLOPs per image forward; convolutions: 2 k² C_in C_out per output position; 3x that for a
   training step, less the first layer's gradient with respect to the images, which no backend
   computes) against the peak, and
   test accuracy as mean ± std over the seeds; and rewrites its backend's block in the part of
   ``benchmarks/RESULTS.md`` between ``<!-- fashion-mnist:start -->`` and
   ``<!-- fashion-mnist:end -->``.

Training time is the wall time of ``model.fit`` (validation after each epoch included). CPU time
and the load average are recorded too: on a shared machine, wall time grows with the load while
CPU time barely does, which tells a contended measurement from a slow one.

Fashion-MNIST is read through ``helpers.data`` (set ``DLB_DATA_DIR`` to a folder holding
``fashion-mnist/`` to work offline). Raw numbers go to ``build/benchmarks/fashion_mnist.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import env  # noqa: E402

env.quiet_startup()
import keras  # noqa: E402
import numpy as np  # noqa: E402

from helpers import data, models  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
START, END = "<!-- fashion-mnist:start -->", "<!-- fashion-mnist:end -->"
VAL_SIZE = 5_000
GOAL_ACCURACY, GOAL_SECONDS = 0.90, 60.0
CNN_GOAL_ACCURACY = 0.92  # notebook 09's goal: mean test accuracy over seeds


def _load() -> float:
    """The 1-minute load average (NaN where the OS has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def matmul_peak(n: int = 2048, repeats: int = 10) -> float:
    """Best float32 GFLOP/s of an n x n by n x n product on the backend's default device."""
    rng = np.random.default_rng(0)
    a = keras.ops.convert_to_tensor(rng.standard_normal((n, n)).astype("float32"))
    b = keras.ops.convert_to_tensor(rng.standard_normal((n, n)).astype("float32"))
    keras.ops.convert_to_numpy(keras.ops.matmul(a, b)[0, 0])  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        c = keras.ops.matmul(a, b)
        keras.ops.convert_to_numpy(c[0, 0])  # wait for the result (asynchronous devices)
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


class EpochTimer(keras.callbacks.Callback):
    """Records the wall time of every epoch."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


def cnn_flops_per_sample(model: keras.Model, *, training: bool = False) -> int:
    """FLOPs per image of the Conv2D and Dense layers of ``model``.

    A convolution does k_h k_w C_in C_out multiply-adds at each output position, a Dense
    layer n_in n_out; a multiply-add counts as 2 FLOPs. Training counts as
    ``models.dense_flops_per_sample`` does: 3x forward, less the first layer's gradient with
    respect to the images, which nothing needs. Pooling, batch norm, activations and biases
    are element-wise and left out.
    """
    layer_flops = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            k_h, k_w, c_in, c_out = layer.kernel.shape
            positions = int(np.prod(layer.output.shape[1:3]))
            layer_flops.append(2 * positions * k_h * k_w * c_in * c_out)
        elif isinstance(layer, keras.layers.Dense):
            layer_flops.append(2 * int(layer.kernel.shape[0]) * int(layer.kernel.shape[1]))
    forward = sum(layer_flops)
    return 3 * forward - layer_flops[0] if training and layer_flops else forward


def _train_cnn(recipe: models.Recipe, x_train, y_train, validation_data, callbacks):
    """Notebook 09's CNN, trained as in the notebook (channels-last images)."""
    steps = int(np.ceil(len(x_train) / recipe.batch_size))
    model = models.build_cnn(recipe=recipe, steps_per_epoch=steps)
    x_val, y_val = validation_data
    model.fit(x_train[..., None], y_train, batch_size=recipe.batch_size, epochs=recipe.epochs,
              validation_data=(x_val[..., None], y_val), callbacks=callbacks, verbose=0)
    return model


def run_one(recipe: models.Recipe, seed: int, splits: data.Splits, *,
            epochs: int | None = None) -> dict:
    """Train one recipe with one seed; return its timings and test accuracy.

    ``models.CNN`` (by name) trains notebook 09's convolutional network, any other recipe
    the MLP it describes.
    """
    is_cnn = recipe.name == models.CNN.name
    if epochs is not None:
        recipe = dataclasses.replace(recipe, epochs=epochs)
    x_train, x_val, x_test = models.prepare(recipe, splits.x_train, splits.x_val, splits.x_test)
    env.set_seed(seed)
    timer = EpochTimer()
    load_before = _load()
    wall, cpu = time.perf_counter(), time.process_time()
    if is_cnn:
        model = _train_cnn(recipe, x_train, splits.y_train, (x_val, splits.y_val), [timer])
        x_test = x_test[..., None]
    else:
        model, _ = models.train(recipe, x_train, splits.y_train,
                                validation_data=(x_val, splits.y_val), callbacks=[timer])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    load_after = _load()
    accuracy = float(model.evaluate(x_test, splits.y_test, verbose=0)[1])
    n_epochs = len(timer.seconds)
    if is_cnn:
        flops = cnn_flops_per_sample(model, training=True)
    else:
        flops = models.dense_flops_per_sample(models.dense_layer_sizes(model), training=True)
    images_per_s = len(x_train) * n_epochs / wall
    return {
        "recipe": recipe.name, "seed": seed, "epochs": n_epochs, "train_seconds": wall,
        "cpu_seconds": cpu, "epoch_seconds": timer.seconds,
        "seconds_per_epoch": wall / n_epochs, "images_per_second": images_per_s,
        "gflops": flops * images_per_s / 1e9, "flops_per_image": flops,
        "test_accuracy": accuracy, "load_average": (load_before + load_after) / 2,
    }


def _mean_std(values, fmt: str) -> str:
    values = list(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{format(statistics.mean(values), fmt)} ± {format(std, fmt)}"


def cpu_model() -> str:
    """The processor's model name where the OS tells it."""
    try:
        text = Path("/proc/cpuinfo").read_text()
        match = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        if match:
            return match.group(1).strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def render(meta: dict, runs: list[dict]) -> str:
    """The Markdown section for RESULTS.md."""
    lines = [
        f"Measured {meta['date']} with `python benchmarks/fashion_mnist.py` "
        f"(seeds {', '.join(map(str, meta['seeds']))}): Keras {meta['keras']}, backend "
        f"{meta['backend']} {meta['backend_version']}, device {meta['device']}, "
        f"{meta['cpu_count']} CPU cores ({meta['cpu_model']}), load average "
        f"{meta['load_start']:.1f} at the start. Float32 matmul peak "
        f"(2048², best of 10): **{meta['peak_gflops']:.0f} GFLOP/s**.",
        "",
        f"Training on {meta['n_train']:,} images with {meta['n_val']:,} held out for "
        f"validation; test accuracy on {meta['n_test']:,} test images; mean ± std over seeds.",
        "",
        "| configuration | batch | epochs | training s per seed | s per epoch | images/s "
        "| GFLOP/s | % of peak | CPU s / wall s | test accuracy |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in dict.fromkeys(r["recipe"] for r in runs):
        rs = [r for r in runs if r["recipe"] == name]
        batch = rs[0]["batch_size"]
        epochs = sorted({r["epochs"] for r in rs})
        lines.append(
            f"| {name} | {batch} | {'/'.join(map(str, epochs))} "
            f"| {_mean_std((r['train_seconds'] for r in rs), '.1f')} "
            f"| {_mean_std((r['seconds_per_epoch'] for r in rs), '.2f')} "
            f"| {_mean_std((r['images_per_second'] for r in rs), ',.0f')} "
            f"| {_mean_std((r['gflops'] for r in rs), '.1f')} "
            f"| {statistics.mean(r['gflops'] for r in rs) / meta['peak_gflops']:.0%} "
            f"| {statistics.mean(r['cpu_seconds'] / r['train_seconds'] for r in rs):.2f} "
            f"| {_mean_std((r['test_accuracy'] for r in rs), '.4f')} |")
    final = [r for r in runs if r["recipe"] == models.FINAL.name]
    if final:
        acc = statistics.mean(r["test_accuracy"] for r in final)
        worst = max(r["train_seconds"] for r in final)
        load = statistics.mean(r["load_average"] for r in final)
        ok_acc = "met" if acc >= GOAL_ACCURACY else "**not met**"
        ok_time = "met" if worst <= GOAL_SECONDS else "**not met**"
        lines += [
            "",
            f"Goal for the final configuration: mean test accuracy ≥ {GOAL_ACCURACY:.2f} "
            f"({acc:.4f}: {ok_acc}) with ≤ {GOAL_SECONDS:.0f} s of training per seed on an idle "
            f"2-core CPU (slowest seed here {worst:.1f} s at load average {load:.1f} on "
            f"{meta['cpu_count']} cores: {ok_time} on this machine at this load).",
        ]
    cnn = [r for r in runs if r["recipe"] == models.CNN.name]
    if cnn:
        acc = statistics.mean(r["test_accuracy"] for r in cnn)
        ok_acc = "met" if acc >= CNN_GOAL_ACCURACY else "**not met**"
        lines += [
            "",
            f"Goal for notebook 09's CNN ({cnn[0]['flops_per_image'] / 1e6:.1f} MFLOP per "
            f"training image): mean test accuracy ≥ {CNN_GOAL_ACCURACY:.2f} ({acc:.4f}: "
            f"{ok_acc}).",
        ]
    lines += ["", "Per seed (training seconds, CPU seconds, epochs, test accuracy):", ""]
    for r in runs:
        lines.append(f"- {r['recipe']}, seed {r['seed']}: {r['train_seconds']:.1f} s, "
                     f"{r['cpu_seconds']:.1f} CPU s, {r['epochs']} epochs, "
                     f"{r['test_accuracy']:.4f}")
    return "\n".join(lines)


def write_section(text: str, backend: str, path: Path = RESULTS) -> None:
    """Put ``text`` in the fashion-mnist section of ``path`` as the block of ``backend``.

    The section holds one block per backend, each opened by a ``<!-- backend: NAME -->`` line;
    the other backends' blocks are kept (TensorFlow first), text from before the blocks existed
    is dropped.
    """
    content = path.read_text(encoding="utf-8")
    if START not in content or END not in content:
        raise SystemExit(f"{path} lacks the markers {START} ... {END}")
    head, rest = content.split(START, 1)
    inside, tail = rest.split(END, 1)
    parts = re.split(r"^<!-- backend: (\w+) -->\n", inside, flags=re.M)
    blocks = {name: body.strip("\n") for name, body in zip(parts[1::2], parts[2::2])}
    blocks[backend] = text.strip("\n")
    order = sorted(blocks, key=lambda b: (b != "tensorflow", b))
    body = "\n\n".join(f"<!-- backend: {b} -->\n{blocks[b]}" for b in order)
    path.write_text(f"{head}{START}\n{body}\n{END}{tail}", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--only", nargs="+", choices=["baseline", "final", "cnn"],
                        help="train only these configurations (default: all three)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 2,000 training images, 1 epoch, no RESULTS.md")
    args = parser.parse_args(argv)
    splits = data.load_fashion_mnist_splits(val_size=VAL_SIZE,
                                            train_size=2_000 if args.quick else None)
    info = env.report()
    meta = {
        "date": dt.date.today().isoformat(), "keras": info.keras, "backend": info.backend,
        "backend_version": info.backend_version,
        "device": ", ".join(info.devices) if info.accelerated else "CPU",
        "cpu_count": os.cpu_count(), "cpu_model": cpu_model(), "seeds": args.seeds,
        "load_start": _load(),
        "n_train": len(splits.x_train), "n_val": len(splits.x_val), "n_test": len(splits.x_test),
    }
    meta["peak_gflops"] = matmul_peak(repeats=3 if args.quick else 10)
    print(f"float32 matmul peak: {meta['peak_gflops']:.0f} GFLOP/s", flush=True)
    runs = []
    chosen = {"baseline": models.BASELINE, "final": models.FINAL, "cnn": models.CNN}
    for key, recipe in chosen.items():
        if args.only and key not in args.only:
            continue
        for seed in args.seeds:
            run = run_one(recipe, seed, splits, epochs=1 if args.quick else None)
            run["batch_size"] = recipe.batch_size
            runs.append(run)
            print(f"{recipe.name}, seed {seed}: {run['train_seconds']:.1f} s "
                  f"({run['cpu_seconds']:.1f} CPU s), {run['epochs']} epochs, "
                  f"{run['images_per_second']:,.0f} images/s, {run['gflops']:.1f} GFLOP/s, "
                  f"test accuracy {run['test_accuracy']:.4f}", flush=True)
    text = render(meta, runs)
    print()
    print(text)
    out = env.build_dir("benchmarks") / "fashion_mnist.json"
    out.write_text(json.dumps({"meta": meta, "runs": runs}, indent=1), encoding="utf-8")
    if not (args.no_write or args.quick):
        write_section(text, meta["backend"])
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
