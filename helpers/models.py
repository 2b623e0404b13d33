"""The Fashion-MNIST models that notebook 08 and ``benchmarks/fashion_mnist.py`` both train.

Two recipes, defined once so that the notebook and the benchmark train the same thing:

- :data:`BASELINE`, the lectures' example exactly: pixels scaled to [-0.5, 0.5], Flatten,
  Dense 512 ReLU, Dense 512 ReLU, Dense 10 softmax, Adam with its default learning rate, sparse
  categorical cross-entropy, batch 32, 5 epochs (669,706 parameters);
- :data:`FINAL`, the collection's improved MLP, built only from what notebooks 05–07 teach and
  chosen on the validation set in notebook 08: the same inputs and layer sizes, batch
  normalization before each hidden ReLU, dropout, batches of 256, Adam with a warm-up + cosine
  learning-rate schedule, and early stopping that keeps the best epoch on the validation set.

Example:
    >>> from helpers import models
    >>> model = models.build_baseline()
    >>> model.count_params()
    669706
    >>> x_train, x_val = models.prepare(models.FINAL, x_train, x_val)
    >>> model, history = models.train(models.FINAL, x_train, y_train,
    ...                               validation_data=(x_val, y_val))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _validate as check

if TYPE_CHECKING:
    import keras

__all__ = [
    "BASELINE",
    "FINAL",
    "IMAGE_SHAPE",
    "NUM_CLASSES",
    "Recipe",
    "build",
    "CNN",
    "CNN_FILTERS",
    "build_baseline",
    "build_cnn",
    "build_final",
    "dense_flops_per_sample",
    "dense_layer_sizes",
    "describe",
    "learning_rate_schedule",
    "prepare",
    "train",
]

#: Height and width of a Fashion-MNIST image.
IMAGE_SHAPE = (28, 28)
#: The number of Fashion-MNIST classes.
NUM_CLASSES = 10
_SCHEDULES = (None, "cosine")


#: Training steps Keras runs per call into the backend (``compile(steps_per_execution=)``):
#: the same updates in the same order, with less per-step overhead (measured on a 2-core CPU
#: at batch 32 on TensorFlow: about 35 % less wall time, identical accuracy).
STEPS_PER_EXECUTION = 16


@dataclass(frozen=True, kw_only=True)
class Recipe:
    """Everything that defines how a model is preprocessed, built and trained.

    Every field is a keyword: ``Recipe(name="mine", hidden_units=(256,), batch_size=64,
    epochs=10, batch_norm=True)``; ``dataclasses.replace(recipe, dropout=0.3)`` changes one.

    Attributes:
        name: a short label for tables.
        hidden_units: units of each hidden Dense layer, a tuple of positive ints.
        batch_size: mini-batch size.
        epochs: the most epochs to train (early stopping may stop sooner).
        learning_rate: Adam's (peak) learning rate.
        standardise: standardise inputs with the training set's mean and standard deviation
            (one number each, as ``preprocessing.Standardiser(per_feature=False)`` would);
            otherwise scale pixels as the lectures do, ``x / 255 - 0.5``.
        he_init: He-normal kernel initialization (otherwise Keras' Glorot-uniform default).
        batch_norm: BatchNormalization between each hidden Dense layer (then without bias)
            and its ReLU.
        dropout: dropout rate after each hidden layer (0 for none).
        schedule: ``None`` for a constant learning rate, or ``"cosine"``: a linear warm-up
            over the first epoch, then a cosine decay to zero at the last epoch.
        patience: early-stopping patience in epochs on ``val_accuracy``
            (``None``: no early stopping).
        restore_best_weights: at the end of training (stopped early or not), go back to the
            epoch with the best validation accuracy; otherwise keep the last epoch's weights.

    Raises:
        TypeError: if a field has the wrong type (the message names the field).
        ValueError: if a field has a wrong value (the message names the field).
    """

    name: str
    hidden_units: tuple[int, ...]
    batch_size: int
    epochs: int
    learning_rate: float = 1e-3
    standardise: bool = False
    he_init: bool = False
    batch_norm: bool = False
    dropout: float = 0.0
    schedule: str | None = None
    patience: int | None = None
    restore_best_weights: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise TypeError(f"name must be a non-empty str, got {self.name!r}")
        if not isinstance(self.hidden_units, (tuple, list)):
            raise TypeError("hidden_units must be a tuple of ints, got "
                            f"{type(self.hidden_units).__name__}")
        if not self.hidden_units:
            raise ValueError("hidden_units must list at least one layer, got ()")
        units = tuple(check.integer(u, "hidden_units", minimum=1) for u in self.hidden_units)
        object.__setattr__(self, "hidden_units", units)
        check.integer(self.batch_size, "batch_size", minimum=1)
        check.integer(self.epochs, "epochs", minimum=1)
        check.number(self.learning_rate, "learning_rate", positive=True)
        for field in ("standardise", "he_init", "batch_norm", "restore_best_weights"):
            if not isinstance(getattr(self, field), (bool, np.bool_)):
                raise TypeError(f"{field} must be True or False, got {getattr(self, field)!r}")
        check.probability(self.dropout, "dropout")
        check.choice(self.schedule, "schedule", _SCHEDULES)
        if self.patience is not None:
            check.integer(self.patience, "patience", minimum=1)


#: The lectures' Fashion-MNIST example (lecture c), trained with a validation split instead of
#: the test set.
BASELINE = Recipe(name="lecture baseline", hidden_units=(512, 512), batch_size=32, epochs=5)

#: The collection's final configuration: what notebook 08 trains and the benchmark times. No
#: input standardisation and no He initialization: each hidden Dense layer has no bias and feeds
#: batch normalization, which removes any per-unit shift and scale of its inputs, so neither
#: would change what the network computes (notebook 08 shows it).
FINAL = Recipe(
    name="final", hidden_units=(512, 512), batch_size=256, epochs=20, learning_rate=2e-3,
    batch_norm=True, dropout=0.2, schedule="cosine", patience=4, restore_best_weights=True,
)


def _check_recipe(recipe: Any) -> Recipe:
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a models.Recipe, got {type(recipe).__name__}")
    return recipe


def _compile(model: Any, recipe: Recipe, steps_per_epoch: int | None) -> None:
    """Compile a built model as the recipe says.

    Adam with the recipe's learning rate or schedule, sparse categorical cross-entropy,
    accuracy, :data:`STEPS_PER_EXECUTION`.
    """
    import keras

    if recipe.schedule is not None and steps_per_epoch is None:
        raise ValueError("steps_per_epoch: a recipe with a learning-rate schedule needs "
                         "steps_per_epoch")
    lr = learning_rate_schedule(recipe, steps_per_epoch or 1)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  steps_per_execution=STEPS_PER_EXECUTION)


def _check_model(model: Any, name: str = "model") -> None:
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"{name} must be a Keras model, got {type(model).__name__}")


def _check_images(x: Any, name: str) -> np.ndarray:
    return check.array(x, name, shape=(None, *IMAGE_SHAPE), dtype=None)


def prepare(recipe: Recipe, x_train: np.ndarray, *others: np.ndarray
            ) -> tuple[np.ndarray, ...]:
    """Preprocess images as ``recipe`` says; statistics come from ``x_train`` only.

    Args:
        recipe: a :class:`Recipe`.
        x_train: uint8 or float images, array of shape (n_samples, 28, 28).
        *others: more image arrays (validation, test), transformed with ``x_train``'s
            statistics.

    Returns:
        A tuple of float32 arrays, ``x_train`` first, in the order given.

    Raises:
        TypeError: if ``recipe`` is not a Recipe or an array holds no numbers.
        ValueError: if an array is empty, holds NaNs or is not of shape (n, 28, 28).

    Example:
        >>> (x,) = models.prepare(models.BASELINE, np.full((1, 28, 28), 255, np.uint8))
        >>> float(x.max())
        0.5
    """
    _check_recipe(recipe)
    arrays = [_check_images(x_train, "x_train")]
    arrays += [_check_images(x, f"others[{i}]") for i, x in enumerate(others)]
    if recipe.standardise:
        train = arrays[0].astype("float32")
        mean, std = float(train.mean()), float(train.std())
        if std == 0:
            raise ValueError("x_train must not be constant: its standard deviation is 0")
        return tuple((x.astype("float32") - mean) / std for x in arrays)
    return tuple(x.astype("float32") / 255.0 - 0.5 for x in arrays)


def learning_rate_schedule(recipe: Recipe, steps_per_epoch: int
                           ) -> float | keras.optimizers.schedules.LearningRateSchedule:
    """The learning rate Adam gets: a number, or a warm-up + cosine-decay schedule.

    Args:
        recipe: a :class:`Recipe`.
        steps_per_epoch: mini-batches per epoch, ``ceil(n_train / batch_size)``.

    Returns:
        ``recipe.learning_rate`` (a float) when ``recipe.schedule`` is None; otherwise a
        ``keras.optimizers.schedules.CosineDecay`` that rises linearly from 0 to the peak over
        the first epoch and decays to 0 at the end of epoch ``recipe.epochs``. Evaluate it on
        an array of steps (``schedule(np.arange(n))``), not step by step in a loop.

    Raises:
        TypeError: if ``recipe`` is not a Recipe or ``steps_per_epoch`` not an int.
        ValueError: if ``steps_per_epoch`` < 1.
    """
    import keras

    _check_recipe(recipe)
    warmup = check.integer(steps_per_epoch, "steps_per_epoch", minimum=1)
    if recipe.schedule is None:
        return recipe.learning_rate
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0, decay_steps=max(1, (recipe.epochs - 1) * warmup),
        warmup_target=recipe.learning_rate, warmup_steps=warmup)


def build(recipe: Recipe, *, steps_per_epoch: int | None = None, compile: bool = True
          ) -> keras.Sequential:
    """Build (and compile) the MLP a recipe describes.

    Args:
        recipe: a :class:`Recipe`.
        steps_per_epoch: mini-batches per epoch; needed when the recipe has a learning-rate
            schedule and ``compile`` is True.
        compile: compile with Adam, sparse categorical cross-entropy and accuracy.

    Returns:
        A ``keras.Sequential`` taking images of shape (batch, 28, 28) and returning
        probabilities of shape (batch, 10).

    Raises:
        TypeError: if ``recipe`` is not a Recipe or ``steps_per_epoch`` not an int.
        ValueError: if a schedule needs ``steps_per_epoch`` and none was given.

    Example:
        >>> models.build(models.FINAL, compile=False).count_params()
        672778
    """
    import keras
    from keras import layers

    _check_recipe(recipe)
    if not isinstance(compile, (bool, np.bool_)):
        raise TypeError(f"compile must be True or False, got {compile!r}")
    if steps_per_epoch is not None:
        check.integer(steps_per_epoch, "steps_per_epoch", minimum=1)
    stack = [keras.Input(shape=IMAGE_SHAPE), layers.Flatten()]
    init = "he_normal" if recipe.he_init else "glorot_uniform"
    for units in recipe.hidden_units:
        if recipe.batch_norm:  # the normalisation's shift replaces the bias
            stack += [layers.Dense(units, kernel_initializer=init, use_bias=False),
                      layers.BatchNormalization(), layers.Activation("relu")]
        else:
            stack.append(layers.Dense(units, activation="relu", kernel_initializer=init))
        if recipe.dropout:
            stack.append(layers.Dropout(recipe.dropout))
    stack.append(layers.Dense(NUM_CLASSES, activation="softmax"))
    model = keras.Sequential(stack, name=recipe.name.replace(" ", "_"))
    if compile:
        _compile(model, recipe, steps_per_epoch)
    return model


def build_baseline(*, compile: bool = True) -> keras.Sequential:
    """The lectures' model: Flatten, Dense 512 ReLU, Dense 512 ReLU, Dense 10 softmax.

    Args:
        compile: compile as in the lecture (Adam, sparse categorical cross-entropy, accuracy).

    Returns:
        The model of :data:`BASELINE`.

    Example:
        >>> models.build_baseline().count_params()
        669706
    """
    return build(BASELINE, compile=compile)


def build_final(*, steps_per_epoch: int, compile: bool = True) -> keras.Sequential:
    """The collection's final model (:data:`FINAL`), compiled with its schedule.

    Args:
        steps_per_epoch: mini-batches per epoch, ``ceil(n_train / FINAL.batch_size)``.
        compile: compile with Adam and the schedule.

    Returns:
        The model of :data:`FINAL`.

    Raises:
        TypeError: if ``steps_per_epoch`` is not an int.
        ValueError: if ``steps_per_epoch`` < 1.
    """
    return build(FINAL, steps_per_epoch=steps_per_epoch, compile=compile)


def train(recipe: Recipe, x_train: np.ndarray, y_train: np.ndarray, *,
          validation_data: tuple[np.ndarray, np.ndarray] | None = None,
          callbacks: Sequence[keras.callbacks.Callback] = (), verbose: int = 0
          ) -> tuple[keras.Sequential, keras.callbacks.History]:
    """Build a recipe's model and fit it (with early stopping when the recipe has patience).

    Seed first (``env.set_seed``) for a reproducible run.

    Args:
        recipe: a :class:`Recipe`.
        x_train: preprocessed images, array of shape (n_samples, 28, 28) (see :func:`prepare`).
        y_train: integer labels, array of shape (n_samples,).
        validation_data: ``(x_val, y_val)``; required when ``recipe.patience`` is set.
        callbacks: more Keras callbacks (a timer, say), run before early stopping.
        verbose: passed to ``fit`` (0 or 2 in notebooks).

    Returns:
        ``(model, history)``; with early stopping the model holds its best weights on
        ``val_accuracy`` when ``recipe.restore_best_weights`` is set, else its last.

    Raises:
        TypeError: if an argument has the wrong type.
        ValueError: if shapes or lengths disagree, labels are not in 0-9, or a recipe with
            patience gets no ``validation_data``.

    Example:
        >>> env.set_seed(0)
        >>> model, history = models.train(models.FINAL, x_train, y_train,
        ...                               validation_data=(x_val, y_val))
    """
    import keras

    _check_recipe(recipe)
    x_train = _check_images(x_train, "x_train")
    y_train = check.labels(y_train, "y_train", num_classes=NUM_CLASSES)
    check.same_length(x_train=x_train, y_train=y_train)
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise TypeError("validation_data must be a tuple (x_val, y_val)")
        x_val = _check_images(validation_data[0], "validation_data[0]")
        y_val = check.labels(validation_data[1], "validation_data[1]", num_classes=NUM_CLASSES)
        check.same_length(**{"validation_data[0]": x_val, "validation_data[1]": y_val})
        validation_data = (x_val, y_val)
    if recipe.patience is not None and validation_data is None:
        raise ValueError(f"validation_data: recipe {recipe.name!r} stops early, so it needs "
                         "validation_data")
    callbacks = list(callbacks)
    for cb in callbacks:
        if not isinstance(cb, keras.callbacks.Callback):
            raise TypeError(f"callbacks must hold keras.callbacks.Callback objects, got "
                            f"{type(cb).__name__}")
    check.integer(verbose, "verbose", minimum=0, maximum=2)
    steps = int(np.ceil(len(x_train) / recipe.batch_size))
    model = build(recipe, steps_per_epoch=steps)
    if recipe.patience is not None:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor="val_accuracy", patience=recipe.patience,
            restore_best_weights=recipe.restore_best_weights))
    history = model.fit(x_train, y_train, batch_size=recipe.batch_size, epochs=recipe.epochs,
                        validation_data=validation_data, callbacks=callbacks, verbose=verbose)
    return model, history


def dense_layer_sizes(model: keras.Model) -> list[int]:
    """Input size followed by the units of every Dense layer, e.g. ``[784, 512, 512, 10]``.

    The Dense layers are found as :func:`helpers.diagnostics.dense_layers` finds them (nested
    models included). The input and the Dense layers' units are the network's "nodes": their
    sum is the number of units the lectures count (1,818 for the baseline).

    Args:
        model: a Keras model built with ``keras.Input``.

    Returns:
        A list of ints, input size first.

    Raises:
        TypeError: if ``model`` is not a Keras model.
        ValueError: if it holds no Dense layer.

    Example:
        >>> models.dense_layer_sizes(models.build_baseline())
        [784, 512, 512, 10]
    """
    from . import diagnostics

    _check_model(model)
    dense = diagnostics.dense_layers(model)
    n_in = int(np.prod(model.inputs[0].shape[1:]))
    return [n_in] + [int(layer.units) for layer in dense]


def dense_flops_per_sample(layer_sizes: Sequence[int], *, training: bool = False) -> int:
    """Floating-point operations per sample of a stack of Dense layers.

    A Dense layer from ``n_in`` to ``n_out`` units does ``n_in * n_out`` multiply-adds, which
    count as ``2 * n_in * n_out`` FLOPs forward. A training step also back-propagates: the
    gradients with respect to each layer's weights and to its inputs are two more products of
    the same size, except that nothing needs the gradient with respect to the network's own
    input (the data), so the first layer, which reads the data directly, skips it (timed on
    TensorFlow, a training step that also asks for it took 22-40 % longer, so TensorFlow
    leaves it out; JAX differentiates with respect to the weights only). So training counts
    3x the forward FLOPs minus the first layer's forward FLOPs. Biases, activations, batch
    norm and dropout are element-wise and left out.

    Args:
        layer_sizes: input size first, then each layer's units (see :func:`dense_layer_sizes`).
        training: count forward + backward instead of forward only.

    Returns:
        The FLOP count (an int).

    Raises:
        TypeError: if ``layer_sizes`` is not a sequence of ints.
        ValueError: if it holds fewer than 2 sizes or a size below 1.

    Example:
        >>> models.dense_flops_per_sample([784, 512, 512, 10])
        1337344
        >>> models.dense_flops_per_sample([784, 512, 512, 10], training=True)
        3209216
    """
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence):
        raise TypeError(f"layer_sizes must be a list of ints, got {type(layer_sizes).__name__}")
    sizes = [check.integer(s, "layer_sizes", minimum=1) for s in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must list >= 2 positive sizes (input first), got {sizes}")
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"training must be True or False, got {training!r}")
    forward = sum(2 * a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return 3 * forward - 2 * sizes[0] * sizes[1] if training else forward


def describe(model: keras.Model) -> list[str]:
    """One line per layer, without Keras' auto-generated names, to compare architectures.

    Args:
        model: a Keras model.

    Returns:
        A list of strings, one per layer of ``model.layers``.

    Raises:
        TypeError: if ``model`` is not a Keras model.

    Example:
        >>> models.describe(models.build_baseline())
        ['Flatten', 'Dense(512, relu)', 'Dense(512, relu)', 'Dense(10, softmax)']
    """
    import keras

    _check_model(model)
    lines = []
    for layer in model.layers:
        kind = type(layer).__name__
        if isinstance(layer, keras.layers.Dense):
            cfg = layer.get_config()
            extras = [str(layer.units), cfg["activation"]]
            init = cfg["kernel_initializer"]["class_name"]
            if init != "GlorotUniform":
                extras.append(init)
            if not cfg["use_bias"]:
                extras.append("no bias")
            lines.append(f"Dense({', '.join(extras)})")
        elif isinstance(layer, keras.layers.Dropout):
            lines.append(f"Dropout({layer.rate:g})")
        elif isinstance(layer, keras.layers.Activation):
            lines.append(f"Activation({layer.get_config()['activation']})")
        else:
            lines.append(kind)
    return lines


# ---------------------------------------------------------------- 09 Convolutional networks

#: Notebook 09's small convolutional network, trained as :data:`FINAL` is (Adam, warm-up and
#: cosine decay, dropout) but without batch normalization or early stopping: its fields say how
#: (``hidden_units``: the Dense layer after the convolutions; ``dropout``: before that Dense
#: layer). On a 2-core CPU batch normalization after the convolutions cost 12-17 % of an
#: epoch; 12 epochs without it took about as long as 10 with it and ended ahead on validation
#: accuracy for each of four seeds (benchmarks/RESULTS.md). It takes images of shape
#: (28, 28, 1) scaled as :func:`prepare` scales them.
CNN = Recipe(name="cnn", hidden_units=(128,), batch_size=128, epochs=12, learning_rate=3e-3,
             batch_norm=False, dropout=0.3, schedule="cosine")
#: Filters of the CNN's 3x3 convolutions, each with stride 2 and 'same' padding (28x28 ->
#: 14x14 -> 7x7); they downsample, so the network has no pooling layer.
CNN_FILTERS = (32, 64)


def build_cnn(*, filters: Sequence[int] = CNN_FILTERS, recipe: Recipe = CNN,
              steps_per_epoch: int | None = None, compile: bool = True) -> keras.Sequential:
    """Build (and compile) notebook 09's convolutional network.

    For each entry of ``filters``: a 3x3 ``Conv2D`` with stride 2 and 'same' padding (it
    downsamples, so there is no pooling layer), batch normalization (then the convolution
    has no bias) when ``recipe.batch_norm``, and ReLU. Then Flatten, Dropout
    (``recipe.dropout``), a Dense ReLU layer per ``recipe.hidden_units`` and a Dense softmax
    layer with 10 units.

    Args:
        filters: the number of filters of each convolution, a sequence of positive ints.
        recipe: the training settings, a :class:`Recipe` (:data:`CNN` by default).
        steps_per_epoch: mini-batches per epoch; needed when the recipe has a learning-rate
            schedule and ``compile`` is True.
        compile: compile with Adam, sparse categorical cross-entropy and accuracy.

    Returns:
        A ``keras.Sequential`` taking images of shape (batch, 28, 28, 1) and returning
        probabilities of shape (batch, 10).

    Raises:
        TypeError: if an argument has the wrong type.
        ValueError: if ``filters`` is empty or too long for 28x28 images, or a schedule
            needs ``steps_per_epoch`` and none was given.

    Example:
        >>> models.build_cnn(compile=False).count_params()
        421642
    """
    import keras
    from keras import layers

    _check_recipe(recipe)
    if isinstance(filters, (str, bytes)) or not isinstance(filters, Sequence):
        raise TypeError(f"filters must be a sequence of ints, got {type(filters).__name__}")
    filters = [check.integer(f, "filters", minimum=1) for f in filters]
    if not 1 <= len(filters) <= 3:
        raise ValueError(f"filters must list 1 to 3 convolutions for 28x28 images, got {filters}")
    if not isinstance(compile, (bool, np.bool_)):
        raise TypeError(f"compile must be True or False, got {compile!r}")
    if steps_per_epoch is not None:
        check.integer(steps_per_epoch, "steps_per_epoch", minimum=1)
    stack = [keras.Input(shape=(*IMAGE_SHAPE, 1))]
    for n in filters:
        if recipe.batch_norm:
            stack += [layers.Conv2D(n, 3, strides=2, padding="same", use_bias=False),
                      layers.BatchNormalization(), layers.Activation("relu")]
        else:
            stack.append(layers.Conv2D(n, 3, strides=2, padding="same",
                                       activation="relu"))
    stack.append(layers.Flatten())
    if recipe.dropout:
        stack.append(layers.Dropout(recipe.dropout))
    stack += [layers.Dense(units, activation="relu") for units in recipe.hidden_units]
    stack.append(layers.Dense(NUM_CLASSES, activation="softmax"))
    model = keras.Sequential(stack, name=recipe.name.replace(" ", "_"))
    if compile:
        _compile(model, recipe, steps_per_epoch)
    return model
