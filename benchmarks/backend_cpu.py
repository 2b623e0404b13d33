"""Seconds per epoch (CPU and wall) of the course's networks, for one backend and one setting.

    python benchmarks/backend_cpu.py mlp              # models.FINAL's network, 20,000 images
    python benchmarks/backend_cpu.py cnn --pool max   # two 3x3 convolutions (16, 32 filters)
    python benchmarks/backend_cpu.py cnn09 --images 22000 --epochs 9   # models.build_cnn()
    python benchmarks/backend_cpu.py cnn09 --images 22000 --epochs 9 --tf-data no-autotune
    KERAS_BACKEND=jax python benchmarks/backend_cpu.py cnn --pool stride
    TF_ENABLE_ONEDNN_OPTS=1 python benchmarks/backend_cpu.py mlp
    python benchmarks/backend_cpu.py mlp --images 55000 --without dropout batch-norm
    python benchmarks/backend_cpu.py mlp --images 55000 --predict   # forward passes only
    python benchmarks/backend_cpu.py matmul   # only the MLP's three forward products, batch 256
    python benchmarks/backend_cpu.py mlp --images 55000 --hand-step   # TensorFlow: no fit loop
    python benchmarks/backend_cpu.py mlp --images 55000 --batch 1024   # not the course's batch
    python benchmarks/backend_cpu.py mlp --images 55000 --profile build/tfprof   # TF: op time

Each epoch's CPU and wall seconds are printed. Why CPU-seconds: they depend far less on what
else runs on the machine than wall seconds do, so settings (backend, oneDNN, XLA, determinism,
pooling) can be compared on a shared machine. They are not a runtime: an idle 2-core machine
runs an epoch in roughly CPU-seconds / 1.5 to 2 of wall time; on an idle machine, compare wall
seconds (``wall_s_best``). Random images and labels are used: the cost of an epoch does not
depend on the pixels. Prints one JSON line; benchmarks/RESULTS.md records the findings.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import env, models  # noqa: E402

env.quiet_startup()
import keras  # noqa: E402
from keras import layers  # noqa: E402


class CpuTimer(keras.callbacks.Callback):
    """Wall and process CPU seconds of every epoch."""

    def on_train_begin(self, logs=None):
        self.wall, self.cpu = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        self.wall.append(time.perf_counter() - self._wall)
        self.cpu.append(time.process_time() - self._cpu)


def build_cnn(filters: tuple[int, int], pool: str) -> keras.Sequential:
    """3x3 convolutions + batch norm + ReLU, downsampled by 2x2 max/average pooling or stride 2."""
    stack = [keras.Input((28, 28, 1))]
    for n in filters:
        stack += [layers.Conv2D(n, 3, strides=2 if pool == "stride" else 1, use_bias=False),
                  layers.BatchNormalization(), layers.Activation("relu")]
        if pool == "max":
            stack.append(layers.MaxPooling2D(2))
        elif pool == "avg":
            stack.append(layers.AveragePooling2D(2))
    stack += [layers.Flatten(), layers.Dropout(0.3), layers.Dense(64, activation="relu"),
              layers.Dense(10, activation="softmax")]
    return keras.Sequential(stack)


def time_matmuls(n_batches: int = 400, repeats: int = 5) -> dict:
    """GFLOP/s of models.FINAL's three forward matrix products alone, on batches of 256.

    Each compiled call multiplies ``models.STEPS_PER_EXECUTION`` batches (an unrolled loop, as
    many as a training call of the course takes), so the cost of a call is shared by them. The
    batches are independent of each other, unlike training steps, so a backend may overlap
    them; the weights are arguments, not constants, and every batch is different, so nothing
    can be computed once and reused. The best of ``repeats`` passes over ``n_batches``
    batches; wall and process CPU seconds of that pass, and the load average before it.
    """
    per_call = models.STEPS_PER_EXECUTION
    if not isinstance(n_batches, int) or n_batches < per_call:
        raise ValueError(f"n_batches must be an int >= {per_call}, got {n_batches!r}")
    sizes = models.dense_layer_sizes(models.build(models.FINAL, compile=False))
    rng = np.random.default_rng(0)
    weights = [(rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32)
               for a, b in zip(sizes[:-1], sizes[1:])]
    calls = rng.random((n_batches // per_call, per_call, 256, sizes[0]), dtype=np.float32)

    def forward(xs, ws, matmul):
        return [matmul(matmul(matmul(xs[i], ws[0]), ws[1]), ws[2]) for i in range(per_call)]

    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        ws = [tf.constant(w) for w in weights]
        step = tf.function(lambda xs, ws: tf.stack(forward(xs, ws, tf.matmul)))
        inputs = [tf.constant(c) for c in calls]
        done = lambda y: y.numpy()  # noqa: E731
    else:
        import jax

        ws = [jax.numpy.asarray(w) for w in weights]
        step = jax.jit(lambda xs, ws: jax.numpy.stack(forward(xs, ws, jax.numpy.matmul)))
        inputs = [jax.numpy.asarray(c) for c in calls]
        done = lambda y: y.block_until_ready()  # noqa: E731
    done(step(inputs[0], ws))
    load = round(os.getloadavg()[0], 1)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        for y in [step(x, ws) for x in inputs]:
            done(y)
        if time.perf_counter() - start < best:
            best, best_cpu = time.perf_counter() - start, time.process_time() - cpu
    flops = models.dense_flops_per_sample(sizes, training=False) * 256 * per_call * len(calls)
    return {"network": "matmul", "backend": keras.backend.backend(),
            "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS"), "layer_sizes": sizes,
            "batches": per_call * len(calls), "batches_per_call": per_call,
            "gflop": round(flops / 1e9, 2), "best_s": round(best, 3),
            "cpu_s": round(best_cpu, 3), "gflop_per_s": round(flops / best / 1e9, 1),
            "load_before": load}


def time_hand_steps(model: keras.Model, x: np.ndarray, y: np.ndarray, *, batch: int,
                    epochs: int, jit: bool) -> tuple[list[float], list[float]]:
    """TensorFlow only: wall and CPU seconds per epoch of a hand-written training step.

    The step (forward pass, sparse categorical cross-entropy, gradients, the compiled model's
    optimizer) is one ``tf.function`` (with ``jit_compile=jit``) that runs
    ``models.STEPS_PER_EXECUTION`` steps per call, as ``fit`` does, on batches already stored
    as tensors: no Keras training loop, no input pipeline, no shuffling and no accuracy metric.
    Whole calls only: the last ``len(x) // batch % STEPS_PER_EXECUTION`` batches and the last
    partial batch are left out, and each epoch's seconds are scaled up to all of ``x``.
    """
    if keras.backend.backend() != "tensorflow":
        raise ValueError("time_hand_steps needs the TensorFlow backend, got "
                         f"{keras.backend.backend()}")
    for value, name in ((batch, "batch"), (epochs, "epochs")):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if len(y) != len(x):
        raise ValueError(f"y must have one label per image of x ({len(x)}), got {len(y)}")
    import tensorflow as tf

    per_call = models.STEPS_PER_EXECUTION
    calls = len(x) // batch // per_call
    if calls < 1:
        raise ValueError(f"x must hold at least {per_call * batch} images (one call of "
                         f"{per_call} batches of {batch}), got {len(x)}")
    shape = (calls, per_call, batch)
    xs = [tf.constant(c) for c in x[:calls * per_call * batch].reshape(*shape, *x.shape[1:])]
    ys = [tf.constant(c) for c in y[:calls * per_call * batch].reshape(shape)]
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)

    @tf.function(jit_compile=jit)
    def steps(x_call, y_call):
        for i in tf.range(per_call):
            with tf.GradientTape() as tape:
                loss = loss_fn(y_call[i], model(x_call[i], training=True))
            optimizer.apply(tape.gradient(loss, model.trainable_variables),
                            model.trainable_variables)
        return loss

    scale = len(x) / (calls * per_call * batch)
    wall, cpu = [], []
    for _ in range(epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        for x_call, y_call in zip(xs, ys):
            loss = steps(x_call, y_call)
        float(loss)  # wait for the last call
        wall.append((time.perf_counter() - start) * scale)
        cpu.append((time.process_time() - cpu_start) * scale)
    return wall, cpu


#: Which part of a training step a TensorFlow op belongs to, from its name (Keras' name scopes).
OP_GROUPS = (("matrix products", lambda scope, op: op.endswith("MatMul")),  # also _FusedMatMul
             ("optimizer", lambda scope, op: re.match(r"(adam|sgd)(_\d+)?/", scope)),
             ("dropout", lambda scope, op: "dropout" in scope),
             ("batch norm", lambda scope, op: "batch_normalization" in scope),
             ("loss", lambda scope, op: "loss" in scope or "crossentropy" in scope))
# everything else is "other": ReLU and its gradient, softmax, the accuracy metric, gradient sums


def op_group(name: str) -> str | None:
    """The part of the training step an op of the compiled step belongs to, or None for events
    that are not ops of the step (the executor's own events, tf.data, Python). Clusters that
    TensorFlow compiled with XLA (``TF_XLA_FLAGS`` auto-clustering) are one part of their own:
    the ops inside them are not traced."""
    if name.endswith(("_XlaRun", "_XlaCompile")):
        return "XLA clusters"
    if "StatefulPartitionedCall/" not in name or ":" not in name:
        return None
    scope, op = name.rsplit(":", 1)
    scope = scope.split("StatefulPartitionedCall/", 1)[1]
    return next((group for group, test in OP_GROUPS if test(scope, op)), "other")


def profile_epoch(model: keras.Model, x: np.ndarray, y: np.ndarray, *, batch: int,
                  logdir: Path) -> dict:
    """One more epoch of ``fit`` under TensorFlow's profiler: each part's op time and op count.

    Thread-seconds: the time TensorFlow's compute threads spent inside the ops of each part
    (the matrix products' own worker threads not included), summed over threads, so parts that
    run at the same time on the two threads both count. The profiler slows small ops down more
    than large ones, so these are shares to compare, not a runtime. The trace also misses some
    runs of the small ops (the traced counts per step change from run to run, the matrix
    products' 8 per step do not): the small ops' parts are inflated by the tracing and
    undercounted by the misses, so neither direction can be assumed."""
    if keras.backend.backend() != "tensorflow":
        raise ValueError("profile_epoch profiles TensorFlow's ops; the backend is "
                         f"{keras.backend.backend()!r}")
    import tensorflow as tf
    try:  # the trace's format; a module path of TensorFlow's own (tested with 2.21)
        from tensorflow.tsl.profiler.protobuf import xplane_pb2
    except ImportError as exc:
        raise RuntimeError(f"--profile cannot read TensorFlow {tf.__version__}'s traces: "
                           f"{exc}") from exc

    logdir.mkdir(parents=True, exist_ok=True)
    before = set(logdir.rglob("*.xplane.pb"))
    # level 3: also the ops that TensorFlow's executor judges cheap and runs inline, which
    # the default level leaves out once it has measured them
    tf.profiler.experimental.start(str(logdir), options=tf.profiler.experimental.ProfilerOptions(
        host_tracer_level=3, python_tracer_level=0, device_tracer_level=0))
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    wall = time.perf_counter() - start
    tf.profiler.experimental.stop()
    path = next((p for p in logdir.rglob("*.xplane.pb") if p not in before), None)
    if path is None:
        raise RuntimeError(f"TensorFlow's profiler wrote no new trace (*.xplane.pb) under {logdir}")
    space = xplane_pb2.XSpace()
    space.ParseFromString(path.read_bytes())
    seconds, runs = {}, {}
    for plane in space.planes:
        names = {k: m.name for k, m in plane.event_metadata.items()}
        for line in plane.lines:
            for event in line.events:
                group = op_group(names.get(event.metadata_id, ""))
                if group is not None:
                    seconds[group] = seconds.get(group, 0.0) + event.duration_ps / 1e12
                    runs[group] = runs.get(group, 0) + 1
    steps = -(-len(x) // batch)
    return {"profiled_wall_s": round(wall, 2), "steps": steps,
            "thread_s": {g: round(t, 3) for g, t in sorted(seconds.items(), key=lambda i: -i[1])},
            "traced_op_runs_per_step": {g: round(runs[g] / steps, 1) for g in runs}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", choices=["mlp", "cnn", "cnn09", "matmul"])
    parser.add_argument("--pool", choices=["max", "avg", "stride"], default="max")
    parser.add_argument("--filters", default="16,32", help="CNN filters, e.g. 32,64")
    parser.add_argument("--jit", action="store_true", help="compile(jit_compile=True) (XLA)")
    parser.add_argument("--no-determinism", action="store_true",
                        help="env.set_seed(deterministic=False); TensorFlow's XLA needs it")
    parser.add_argument("--tf-data", choices=["autotune", "no-autotune"], default=None,
                        help="TensorFlow only: feed a shuffled, batched tf.data pipeline with "
                             "tf.data's autotuning on or off, instead of NumPy arrays")
    parser.add_argument("--without", nargs="+", choices=["dropout", "batch-norm"], default=[],
                        help="MLP only: leave these layers out of models.FINAL's network, to "
                             "see what they cost")
    parser.add_argument("--optimizer", choices=["adam", "sgd"], default="adam",
                        help="the optimizer, at Keras' default learning rate")
    parser.add_argument("--predict", action="store_true",
                        help="time model.predict over the images (forward passes only) "
                             "instead of training epochs")
    parser.add_argument("--hand-step", action="store_true",
                        help="TensorFlow, mlp only: train with a hand-written tf.function step "
                             "on batches already in memory (no fit loop, input pipeline, "
                             "shuffling or accuracy metric); --jit --no-determinism compiles it "
                             "with XLA")
    parser.add_argument("--profile", type=Path, default=None, metavar="DIR",
                        help="TensorFlow, mlp with fit only: after the timed epochs, profile one "
                             "more with TensorFlow's profiler (trace written under DIR) and add "
                             "each part's op time to the JSON")
    parser.add_argument("--images", type=int, default=None)
    parser.add_argument("--batch", type=int, default=None,
                        help="batch size (default: 256 for mlp, as models.FINAL; 128 for cnn)")
    parser.add_argument("--epochs", type=int, default=4,
                        help="epochs (passes, with --predict); at least 2, the first compiles")
    args = parser.parse_args(argv)
    if args.batch is not None and args.batch < 1:
        parser.error(f"--batch must be a positive number of images, not {args.batch}")
    if args.batch is not None and args.network == "matmul":
        parser.error("--batch: matmul times batches of 256 only")
    if args.without and args.network != "mlp":
        parser.error("--without applies to the mlp network only")
    if args.predict and args.tf_data:
        parser.error("--predict feeds NumPy arrays; it cannot be combined with --tf-data")
    if args.hand_step and (args.network != "mlp" or keras.backend.backend() != "tensorflow"
                           or args.predict or args.tf_data):
        parser.error("--hand-step trains the mlp network on TensorFlow, without --predict or "
                     "--tf-data")
    if args.profile and (args.network != "mlp" or keras.backend.backend() != "tensorflow"
                         or args.predict or args.tf_data or args.hand_step or args.jit):
        parser.error("--profile profiles fit of the mlp network on TensorFlow, without "
                     "--predict, --tf-data, --hand-step or --jit (XLA's compiled clusters hide "
                     "the ops it groups)")
    if args.profile and args.profile.exists() and not args.profile.is_dir():
        parser.error(f"--profile DIR must be a folder; {args.profile} is a file")
    if args.hand_step and args.jit and not args.no_determinism:
        parser.error("--hand-step --jit needs --no-determinism (Keras turns XLA off under op "
                     "determinism)")
    hand_batch = args.batch or models.FINAL.batch_size
    per_call_images = models.STEPS_PER_EXECUTION * hand_batch
    if args.hand_step and (args.images or 20_000) < per_call_images:
        parser.error(f"--hand-step needs --images >= {per_call_images} (one call of "
                     f"{models.STEPS_PER_EXECUTION} batches of {hand_batch})")
    if args.epochs < 2:
        parser.error("--epochs must be at least 2: the first epoch compiles and is not counted")
    if args.network == "matmul" and (args.jit or args.tf_data or args.without or args.predict
                                     or args.optimizer != "adam" or args.images):
        parser.error("matmul takes none of the training options")
    env.set_seed(0, deterministic=not args.no_determinism)
    if args.network == "matmul":
        print(json.dumps(time_matmuls()))
        return 0
    rng = np.random.default_rng(0)
    if args.network == "mlp":
        n, batch = args.images or 20_000, args.batch or models.FINAL.batch_size
        x = rng.random((n, 28, 28), dtype=np.float32)
        recipe = dataclasses.replace(models.FINAL, dropout=0.0 if "dropout" in args.without
                                     else models.FINAL.dropout,
                                     batch_norm="batch-norm" not in args.without)
        model = models.build(recipe, compile=False)
    else:
        n, batch = args.images or 6_000, args.batch or 128
        x = rng.random((n, 28, 28, 1), dtype=np.float32)
        model = (models.build_cnn(compile=False) if args.network == "cnn09" else
                 build_cnn(tuple(int(f) for f in args.filters.split(",")), args.pool))
    y = rng.integers(0, 10, n)
    model.compile(optimizer=args.optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"],
                  steps_per_execution=models.STEPS_PER_EXECUTION,
                  **({"jit_compile": True} if args.jit else {}))
    timer = CpuTimer()
    timer.on_train_begin()
    if args.hand_step:
        timer.wall, timer.cpu = time_hand_steps(model, x, y, batch=batch, epochs=args.epochs,
                                                jit=args.jit)
    elif args.predict:
        for _ in range(args.epochs):  # one pass over the images per "epoch"
            timer.on_epoch_begin(0)
            model.predict(x, batch_size=batch, verbose=0)
            timer.on_epoch_end(0)
    elif args.tf_data:
        import tensorflow as tf

        data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(n, seed=0).batch(batch)
        options = tf.data.Options()
        options.autotune.enabled = args.tf_data == "autotune"
        model.fit(data.prefetch(2).with_options(options), epochs=args.epochs, verbose=0,
                  callbacks=[timer])
    else:
        model.fit(x, y, batch_size=batch, epochs=args.epochs, verbose=0, callbacks=[timer])
    cpu = min(timer.cpu[1:])  # the first epoch compiles
    out = {"network": args.network, "backend": keras.backend.backend(),
           "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
           "xla": args.jit if args.hand_step else bool(model.jit_compile),
           "tf_data": args.tf_data, "without": args.without,
           "layers": [type(layer).__name__ for layer in model.layers],
           "optimizer": args.optimizer, "predict": args.predict, "hand_step": args.hand_step,
           "pool": args.pool if args.network == "cnn" else None, "batch": batch,
           "params": model.count_params(),
           "cpu_s_per_epoch": round(cpu, 2), "cpu_s_per_55k_images": round(cpu * 55_000 / n, 1),
           "wall_s_best": round(min(timer.wall[1:]), 2),
           "wall_s": [round(t, 2) for t in timer.wall], "cpu_s": [round(t, 2) for t in timer.cpu],
           "load": round(os.getloadavg()[0], 1)}
    if args.network == "mlp":
        flops = models.dense_flops_per_sample(models.dense_layer_sizes(model), training=True)
        if args.predict:
            flops = models.dense_flops_per_sample(models.dense_layer_sizes(model), training=False)
        out["gflop_per_cpu_s"] = round(flops * n / cpu / 1e9, 1)
        out["gflop_per_epoch"] = round(flops * n / 1e9, 1)
        out["gflop_per_s"] = round(flops * n / min(timer.wall[1:]) / 1e9, 1)  # best wall epoch
    if args.profile:
        out["profile"] = profile_epoch(model, x, y, batch=batch, logdir=args.profile)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
