"""The Fashion-MNIST models that notebook 08 and ``benchmarks/fashion_mnist.py`` both train.

Two recipes, defined once so that the notebook and the benchmark train the same thing:

- :data:`BASELINE`, the lectures' example exactly: pixels scaled to [-0.5, 0.5], Flatten,
  Dense 512 ReLU, Dense 512 ReLU, Dense 10 softmax, Adam with its default learning rate, sparse
  categorical cross-entropy, batch 32, 5 epochs (669,706 parameters);
- :data:`FINAL`, the collection's improved MLP, built only from what notebooks 01–07 teach:
  standardised inputs (training-set statistics), He initialization, batch normalization,
  dropout, Adam with a warm-up + cosine learning-rate schedule, and early stopping on the
  validation set.

Example:
    >>> from helpers import models
    >>> model = models.build_baseline()
    >>> model.count_params()
    669706
    >>> x_train, x_test = models.prepare(models.FINAL, x_train, x_test)
    >>> model, history = models.train(models.FINAL, x_train, y_train,
    ...                               validation_data=(x_val, y_val))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "BASELINE",
    "FINAL",
    "IMAGE_SHAPE",
    "NUM_CLASSES",
    "Recipe",
    "build",
    "build_baseline",
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


@dataclass(frozen=True)
class Recipe:
    """Everything that defines how a model is preprocessed, built and trained.

    Attributes:
        name: a short label for tables.
        hidden_units: units of each hidden Dense layer.
        batch_size: mini-batch size.
        epochs: the most epochs to train (early stopping may stop sooner).
        learning_rate: Adam's (peak) learning rate.
        standardize: standardise inputs with the training set's mean and standard deviation;
            otherwise scale pixels as the lectures do, ``x / 255 - 0.5``.
        he_init: He-normal kernel initialization (otherwise Keras' Glorot-uniform default).
        batch_norm: BatchNormalization between each hidden Dense layer and its ReLU.
        dropout: dropout rate after each hidden layer (0 for none).
        schedule: ``None`` for a constant learning rate, or ``"cosine"``: a linear warm-up
            over the first epoch, then a cosine decay to zero at the last epoch.
        patience: early-stopping patience in epochs on ``val_accuracy``
            (``None``: no early stopping).
        restore_best_weights: after early stopping, go back to the epoch with the best
            validation accuracy; otherwise keep the last epoch's weights.
    """

    name: str
    hidden_units: tuple[int, ...]
    batch_size: int
    epochs: int
    learning_rate: float = 1e-3
    standardize: bool = False
    he_init: bool = False
    batch_norm: bool = False
    dropout: float = 0.0
    schedule: str | None = None
    patience: int | None = None
    restore_best_weights: bool = False

    def __post_init__(self):
        if not self.hidden_units or any(int(u) < 1 for u in self.hidden_units):
            raise ValueError(f"hidden_units must be positive ints, got {self.hidden_units}")
        for field in ("batch_size", "epochs"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{field} must be a positive int, got {value!r}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")
        if not self.learning_rate > 0:
            raise ValueError(f"learning_rate must be > 0, got {self.learning_rate}")
        if self.schedule not in (None, "cosine"):
            raise ValueError(f"schedule must be None or 'cosine', got {self.schedule!r}")
        if self.patience is not None and self.patience < 1:
            raise ValueError(f"patience must be None or >= 1, got {self.patience}")


#: The lectures' Fashion-MNIST example (lecture C), trained with a validation split instead of
#: the test set.
BASELINE = Recipe(name="lecture baseline", hidden_units=(512, 512), batch_size=32, epochs=5)

#: The collection's final configuration: what notebook 08 trains and the benchmark times.
#: Early stopping keeps the last weights: the schedule anneals the learning rate to zero, so the
#: last epochs are the converged ones, and the best of a few late epochs on 5,000 validation
#: images is picked largely by noise.
FINAL = Recipe(
    name="final", hidden_units=(512, 512), batch_size=256, epochs=20, learning_rate=2e-3,
    standardize=True, he_init=True, batch_norm=True, dropout=0.2, schedule="cosine", patience=4,
    restore_best_weights=False,
)


def _check_recipe(recipe) -> Recipe:
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a models.Recipe, got {type(recipe).__name__}")
    return recipe


def prepare(recipe: Recipe, x_train, *others) -> tuple[np.ndarray, ...]:
    """Preprocess images as ``recipe`` says; statistics come from ``x_train`` only.

    Args:
        recipe: a :class:`Recipe`.
        x_train: uint8 or float images of shape (n_samples, 28, 28).
        *others: more image arrays (validation, test), transformed with ``x_train``'s
            statistics.

    Returns:
        A tuple of float32 arrays, ``x_train`` first, in the order given.

    Raises:
        TypeError: if ``recipe`` is not a Recipe.
        ValueError: if an array is not of shape (n, 28, 28).
    """
    _check_recipe(recipe)
    arrays = [np.asarray(x) for x in (x_train, *others)]
    for x in arrays:
        if x.ndim != 3 or x.shape[1:] != IMAGE_SHAPE:
            raise ValueError(f"images must have shape (n_samples, 28, 28), got {x.shape}")
    if recipe.standardize:
        train = arrays[0].astype("float32")
        mean, std = float(train.mean()), float(train.std())
        return tuple((x.astype("float32") - mean) / std for x in arrays)
    return tuple(x.astype("float32") / 255.0 - 0.5 for x in arrays)


def learning_rate_schedule(recipe: Recipe, steps_per_epoch: int):
    """The learning rate Adam gets: a number, or a warm-up + cosine-decay schedule.

    Args:
        recipe: a :class:`Recipe`.
        steps_per_epoch: mini-batches per epoch, ``ceil(n_train / batch_size)``.

    Returns:
        ``recipe.learning_rate`` (a float) when ``recipe.schedule`` is None; otherwise a
        ``keras.optimizers.schedules.CosineDecay`` that rises linearly from 0 to the peak over
        the first epoch and decays to 0 at the end of epoch ``recipe.epochs``.
    """
    import keras

    _check_recipe(recipe)
    if isinstance(steps_per_epoch, bool) or not isinstance(steps_per_epoch, (int, np.integer)) \
            or steps_per_epoch < 1:
        raise ValueError(f"steps_per_epoch must be a positive int, got {steps_per_epoch!r}")
    if recipe.schedule is None:
        return recipe.learning_rate
    warmup = int(steps_per_epoch)
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0, decay_steps=max(1, (recipe.epochs - 1) * warmup),
        warmup_target=recipe.learning_rate, warmup_steps=warmup)


def build(recipe: Recipe, *, steps_per_epoch: int | None = None, compile: bool = True):
    """Build (and compile) the MLP a recipe describes.

    Args:
        recipe: a :class:`Recipe`.
        steps_per_epoch: needed when the recipe has a learning-rate schedule.
        compile: compile with Adam, sparse categorical cross-entropy and accuracy.

    Returns:
        A ``keras.Sequential`` taking images of shape (batch, 28, 28) and returning
        probabilities of shape (batch, 10).
    """
    import keras
    from keras import layers

    _check_recipe(recipe)
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
        if recipe.schedule is not None and steps_per_epoch is None:
            raise ValueError("a recipe with a learning-rate schedule needs steps_per_epoch")
        lr = learning_rate_schedule(recipe, steps_per_epoch or 1)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def build_baseline(*, compile: bool = True):
    """The lectures' model: Flatten, Dense 512 ReLU, Dense 512 ReLU, Dense 10 softmax.

    Compiled as in the lecture (Adam, sparse categorical cross-entropy, accuracy).

    Example:
        >>> models.build_baseline().count_params()
        669706
    """
    return build(BASELINE, compile=compile)


def build_final(*, steps_per_epoch: int, compile: bool = True):
    """The collection's final model (:data:`FINAL`), compiled with its schedule.

    Args:
        steps_per_epoch: mini-batches per epoch, ``ceil(n_train / FINAL.batch_size)``.
    """
    return build(FINAL, steps_per_epoch=steps_per_epoch, compile=compile)


def train(recipe: Recipe, x_train, y_train, *, validation_data=None, callbacks=(),
          verbose: int = 0):
    """Build a recipe's model and fit it (with early stopping when the recipe has patience).

    Seed first (``env.set_seed``) for a reproducible run.

    Args:
        recipe: a :class:`Recipe`.
        x_train: preprocessed images of shape (n_samples, 28, 28) (see :func:`prepare`).
        y_train: integer labels of shape (n_samples,).
        validation_data: ``(x_val, y_val)``; required when ``recipe.patience`` is set.
        callbacks: more Keras callbacks (a timer, say), run before early stopping.
        verbose: passed to ``fit``.

    Returns:
        ``(model, history)``; after early stopping the model holds its last weights, or its
        best on ``val_accuracy`` when ``recipe.restore_best_weights`` is set.
    """
    import keras

    _check_recipe(recipe)
    if recipe.patience is not None and validation_data is None:
        raise ValueError(f"recipe {recipe.name!r} stops early, so it needs validation_data")
    steps = int(np.ceil(len(x_train) / recipe.batch_size))
    model = build(recipe, steps_per_epoch=steps)
    callbacks = list(callbacks)
    if recipe.patience is not None:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor="val_accuracy", patience=recipe.patience,
            restore_best_weights=recipe.restore_best_weights))
    history = model.fit(x_train, y_train, batch_size=recipe.batch_size, epochs=recipe.epochs,
                        validation_data=validation_data, callbacks=callbacks, verbose=verbose)
    return model, history


def dense_layer_sizes(model) -> list[int]:
    """Input size followed by the units of every Dense layer, e.g. ``[784, 512, 512, 10]``.

    The input and the Dense layers' units are the network's "nodes": their sum is the number
    of units the lectures count (1,818 for the baseline).

    Raises:
        TypeError: if ``model`` is not a built Keras model.
        ValueError: if it holds no Dense layer.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not dense:
        raise ValueError("the model has no Dense layer")
    n_in = int(np.prod(model.inputs[0].shape[1:]))
    return [n_in] + [int(layer.units) for layer in dense]


def dense_flops_per_sample(layer_sizes, *, training: bool = False) -> int:
    """Floating-point operations per sample of a stack of Dense layers.

    A Dense layer from ``n_in`` to ``n_out`` units does ``n_in * n_out`` multiply-adds, which
    count as ``2 * n_in * n_out`` FLOPs forward. A training step also back-propagates: the
    gradients with respect to the inputs and to the weights are two more products of the same
    size, so forward + backward is about 3x the forward count. Biases, activations, batch
    norm and dropout are element-wise and left out.

    Args:
        layer_sizes: input size first, then each layer's units (see :func:`dense_layer_sizes`).
        training: count forward + backward (3x) instead of forward only.

    Returns:
        The FLOP count (an int).

    Example:
        >>> models.dense_flops_per_sample([784, 512, 512, 10])
        1337344
    """
    sizes = [int(s) for s in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes must list >= 2 positive sizes (input first), got {sizes}")
    forward = sum(2 * a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return 3 * forward if training else forward


def describe(model) -> list[str]:
    """One line per layer, without Keras' auto-generated names, to compare architectures.

    Example:
        >>> models.describe(models.build_baseline())
        ['Flatten', 'Dense(512, relu)', 'Dense(512, relu)', 'Dense(10, softmax)']
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
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
