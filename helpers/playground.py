"""A playground in the spirit of the TensorFlow Playground, training a real Keras model.

The logic is separate from the widgets: :func:`train` takes a :class:`PlaygroundConfig` (a 2-D
toy dataset from :mod:`helpers.data`, its noise, the hidden layers, their units and activation,
the learning rate, the L2 penalty, the epochs), trains a Keras model in one ``fit`` call and
returns a :class:`PlaygroundResult`: the class-1 probability on a grid (the decision boundary)
and the loss after every epoch. :func:`plot_result` draws it; :func:`make_panel` wraps both in
an ipywidgets panel that retrains and redraws on every change::

    from helpers import playground
    result = playground.train(playground.PlaygroundConfig(dataset="xor"))
    result.val_accuracy > 0.9, len(result.train_loss)  # (True, 25)
    fig = playground.plot_result(result)
    playground.make_panel()                          # in Jupyter: the interactive panel

Each run trains on half of the points and reports the loss and accuracy on the other half,
like the Playground's "ratio of training to test data: 50 %" (here called validation data). The
optimizer is Adam (the Playground uses plain SGD): it reaches a usable boundary in a few hundred
steps at most settings, which keeps each change to a few seconds on a laptop CPU. Models are
cached by architecture, so a change of dataset, noise, learning rate, epochs or seed reuses the
compiled training function (new initial weights, a fresh optimizer state) instead of tracing
it again.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from helpers import _validate as check
from helpers import data

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "Playground",
    "PlaygroundConfig",
    "PlaygroundPanel",
    "PlaygroundResult",
    "make_data",
    "make_panel",
    "plot_result",
    "train",
]

DATASETS = ("circles", "xor", "blobs", "spirals", "moons")
"""The toy sets, as named in :mod:`helpers.data` (``make_<name>``); blobs: two Gaussian blobs."""

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "leaky_relu", "elu", "silu", "gelu")
"""The hidden layers' activations offered (Keras names; the Playground has the first four)."""


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig:
    """One playground setting; every field is checked when the config is made.

    Args:
        dataset: one of :data:`DATASETS`.
        noise: standard deviation of the Gaussian noise added to every point (0 to 1); for
            ``"blobs"`` it is the blobs' own standard deviation.
        hidden_layers: number of hidden layers (0 to 6; 0 is logistic regression).
        units: units in every hidden layer (1 to 16).
        activation: the hidden layers' activation, one of :data:`ACTIVATIONS`.
        learning_rate: Adam's learning rate (> 0, at most 1).
        l2: the L2 penalty factor on every kernel (0 to 1; 0 is none).
        epochs: passes over the training half (1 to 500), one loss value each.
        batch_size: points per gradient step (1 to the training half's size); an epoch is
            ``n_samples // 2 // batch_size`` steps over a fresh shuffle.
        n_samples: points in all (20 to 2000), half for training, half for validation.
        seed: seed of the data, the initial weights and the shuffles.
    """

    dataset: str = "circles"
    noise: float = 0.1
    hidden_layers: int = 2
    units: int = 4
    activation: str = "tanh"
    learning_rate: float = 0.03
    l2: float = 0.0
    epochs: int = 25
    batch_size: int = 10
    n_samples: int = 400
    seed: int = 0

    def __post_init__(self):
        check.choice(check.text(self.dataset, "dataset", optional=False), "dataset", DATASETS)
        object.__setattr__(self, "noise", check.number(self.noise, "noise", minimum=0,
                                                       maximum=1))
        check.integer(self.hidden_layers, "hidden_layers", minimum=0, maximum=6)
        check.integer(self.units, "units", minimum=1, maximum=16)
        check.choice(check.text(self.activation, "activation", optional=False), "activation",
                     ACTIVATIONS)
        object.__setattr__(self, "learning_rate", check.number(
            self.learning_rate, "learning_rate", positive=True, maximum=1))
        object.__setattr__(self, "l2", check.number(self.l2, "l2", minimum=0, maximum=1))
        check.integer(self.epochs, "epochs", minimum=1, maximum=500)
        check.integer(self.n_samples, "n_samples", minimum=20, maximum=2000)
        check.integer(self.batch_size, "batch_size", minimum=1, maximum=self.n_samples // 2)
        check.integer(self.seed, "seed", minimum=0)
        for name in ("hidden_layers", "units", "epochs", "n_samples", "batch_size", "seed"):
            object.__setattr__(self, name, int(getattr(self, name)))

    def replace(self, **changes) -> PlaygroundConfig:
        """A copy with some fields changed (checked again); unknown names are a TypeError."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise TypeError(f"PlaygroundConfig has no field(s) {unknown}")
        return dataclasses.replace(self, **changes)


@dataclasses.dataclass
class PlaygroundResult:
    """What one playground run produced.

    Attributes:
        config: the :class:`PlaygroundConfig` that was trained.
        x_train, y_train, x_val, y_val: the two halves of the data, arrays of shape
            (n, 2) and (n,).
        grid_x, grid_y: the grid's coordinates, arrays of shape (resolution,).
        probabilities: the model's class-1 probability on the grid, shape
            (resolution, resolution), row i at ``grid_y[i]``.
        train_loss, val_loss: cross-entropy (without the L2 penalty) on each half after each
            epoch, arrays of shape (epochs,).
        train_accuracy, val_accuracy: accuracies on each half after the last epoch.
        seconds: wall time of the run (data, training, grid), in seconds.
        reused: True when a cached compiled model was reused (no new tracing).
    """

    config: PlaygroundConfig
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    grid_x: np.ndarray
    grid_y: np.ndarray
    probabilities: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    train_accuracy: float
    val_accuracy: float
    seconds: float
    reused: bool


def _config(config, changes: dict) -> PlaygroundConfig:
    if config is None:
        config = PlaygroundConfig()
    elif not isinstance(config, PlaygroundConfig):
        raise TypeError(f"config must be a PlaygroundConfig or None, got {type(config).__name__}")
    return config.replace(**changes) if changes else config


def make_data(config: PlaygroundConfig | None = None, **changes
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The data of a configuration, split in two halves.

    Args:
        config: a :class:`PlaygroundConfig` (the default one when None).
        **changes: fields to change in ``config`` first, e.g. ``dataset="xor"``.

    Returns:
        ``(x_train, y_train, x_val, y_val)``: float32 arrays of shape (n_samples // 2, 2) (the
        validation half gets the extra point of an odd count) and int64 labels in {0, 1}.

    Raises:
        TypeError: if ``config`` is not a PlaygroundConfig or a change is not one of its fields.
        ValueError: if a changed field has a value out of range.
    """
    config = _config(config, changes)
    make = getattr(data, f"make_{config.dataset}")
    if config.dataset == "blobs":
        x, y = make(config.n_samples, std=config.noise, seed=config.seed)
    else:
        x, y = make(config.n_samples, noise=config.noise, seed=config.seed)
    order = np.random.default_rng(config.seed).permutation(len(x))  # xor comes unshuffled
    x, y = x[order], y[order]
    half = config.n_samples // 2
    return x[:half], y[:half], x[half:], y[half:]


def _cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-7, 1 - 1e-7)  # as Keras' binary cross-entropy
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


class Playground:
    """Trains playground configurations, keeping one compiled model per architecture.

    A change of architecture (hidden layers, units, activation, L2 factor, batch size, number
    of samples) builds and compiles a new model, whose first ``fit`` traces the training
    function (a second or a few); any other change reuses it with freshly drawn initial weights
    and a reset optimizer, so the run is identical to one on a new model with the same seed.

    Args:
        resolution: grid points per axis of the decision-boundary grid (10 to 400).
        margin: space around the data on the grid (>= 0).
    """

    def __init__(self, *, resolution: int = 100, margin: float = 0.5):
        self.resolution = check.integer(resolution, "resolution", minimum=10, maximum=400)
        self.margin = check.number(margin, "margin", minimum=0)
        self._models: dict[tuple, object] = {}

    def _model(self, config: PlaygroundConfig):
        import keras

        key = (config.hidden_layers, config.units, config.activation, config.l2,
               config.batch_size, config.n_samples)
        if key in self._models:
            return self._models[key], True
        regularizer = keras.regularizers.L2(config.l2) if config.l2 > 0 else None
        inputs = keras.Input(shape=(2,))
        h = inputs
        for _ in range(config.hidden_layers):
            h = keras.layers.Dense(config.units, activation=config.activation,
                                   kernel_initializer="zeros", kernel_regularizer=regularizer)(h)
        outputs = keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros",
                                     kernel_regularizer=regularizer)(h)  # _reset draws them
        model = keras.Model(inputs, outputs)
        steps = (config.n_samples // 2) // config.batch_size
        model.compile(optimizer=keras.optimizers.Adam(config.learning_rate),
                      loss="binary_crossentropy", steps_per_execution=steps)
        self._models[key] = model
        return model, False

    @staticmethod
    def _reset(model, config: PlaygroundConfig) -> None:
        """New initial weights (Glorot uniform, zero biases) and a fresh Adam state.

        The weights are drawn with NumPy, so that a seed gives the same start on every backend.
        """
        rng = np.random.default_rng(config.seed)
        for layer in model.layers[1:]:
            fan_in, fan_out = layer.kernel.shape
            limit = np.sqrt(6 / (fan_in + fan_out))
            layer.kernel.assign(rng.uniform(-limit, limit, (fan_in, fan_out)).astype("float32"))
            layer.bias.assign(np.zeros(layer.bias.shape, dtype="float32"))
        optimizer = model.optimizer
        if optimizer.built:
            for variable in optimizer.variables:
                variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
        optimizer.learning_rate = config.learning_rate

    def run(self, config: PlaygroundConfig | None = None, **changes) -> PlaygroundResult:
        """Train one configuration and return its boundary, loss curves and accuracies.

        Args:
            config: a :class:`PlaygroundConfig` (the default one when None).
            **changes: fields to change in ``config`` first, e.g. ``activation="tanh"``.

        Returns:
            A :class:`PlaygroundResult`.

        Raises:
            TypeError: if ``config`` is not a PlaygroundConfig or a change is not one of its
                fields.
            ValueError: if a changed field has a value out of range.
        """
        import keras
        from keras import ops

        config = _config(config, changes)
        start = time.perf_counter()
        x_train, y_train, x_val, y_val = make_data(config)
        model, reused = self._model(config)
        self._reset(model, config)
        # Every epoch a fresh shuffle, drawn here and laid end to end, so that one fit call
        # runs all the steps from one iterator (Keras would otherwise rebuild its input
        # pipeline every epoch, which costs more than the steps themselves here).
        rng = np.random.default_rng(config.seed)
        steps = len(x_train) // config.batch_size
        used = steps * config.batch_size
        order = np.concatenate([rng.permutation(len(x_train))[:used]
                                for _ in range(config.epochs)])
        # After every epoch one forward pass over the training points, the validation points
        # and the grid together: one input shape, so JAX compiles it once per model.
        x_all = np.concatenate([x_train, x_val])
        low, high = x_all.min(axis=0) - self.margin, x_all.max(axis=0) + self.margin
        grid_x = np.linspace(low[0], high[0], self.resolution, dtype="float32")
        grid_y = np.linspace(low[1], high[1], self.resolution, dtype="float32")
        gx, gy = np.meshgrid(grid_x, grid_y)
        x_eval = np.concatenate([x_all, np.c_[gx.ravel(), gy.ravel()]])
        n_train, n_all = len(x_train), len(x_all)
        forward = model.predict_on_batch if keras.backend.backend() == "jax" else model
        losses: list[tuple[float, float]] = []
        last: list[np.ndarray] = []

        def record(epoch, logs=None):
            p = ops.convert_to_numpy(forward(x_eval))[:, 0]
            losses.append((_cross_entropy(p[:n_train], y_train),
                           _cross_entropy(p[n_train:n_all], y_val)))
            last[:] = [p]

        model.fit(x_train[order], y_train[order].astype("float32"),
                  batch_size=config.batch_size, epochs=config.epochs, steps_per_epoch=steps,
                  shuffle=False, verbose=0,
                  callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=record)])
        p = last[0]
        train_loss, val_loss = (np.array(v) for v in zip(*losses))
        return PlaygroundResult(
            config=config, x_train=x_train, y_train=y_train, x_val=x_val, y_val=y_val,
            grid_x=grid_x, grid_y=grid_y, probabilities=p[n_all:].reshape(gx.shape),
            train_loss=train_loss, val_loss=val_loss,
            train_accuracy=float(np.mean((p[:n_train] > 0.5) == y_train)),
            val_accuracy=float(np.mean((p[n_train:n_all] > 0.5) == y_val)),
            seconds=time.perf_counter() - start, reused=reused)


_DEFAULT: Playground | None = None


def train(config: PlaygroundConfig | None = None, **changes) -> PlaygroundResult:
    """Train one configuration with a shared :class:`Playground` (its model cache).

    Args:
        config: a :class:`PlaygroundConfig` (the default one when None).
        **changes: fields to change in ``config`` first, e.g. ``dataset="spirals"``.

    Returns:
        A :class:`PlaygroundResult`.

    Raises:
        TypeError: if ``config`` is not a PlaygroundConfig or a change is not one of its fields.
        ValueError: if a changed field has a value out of range.

    Example:
        >>> result = playground.train(dataset="xor", activation="tanh")
        >>> result.val_accuracy > 0.9
        True
    """
    return _shared().run(config, **changes)


def _shared() -> Playground:
    """The Playground that :func:`train` and :func:`make_panel` share (made on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Playground()
    return _DEFAULT


def _check_result(result) -> PlaygroundResult:
    if not isinstance(result, PlaygroundResult):
        raise TypeError(f"result must be a PlaygroundResult (from playground.train), got "
                        f"{type(result).__name__}")
    return result


def plot_result(result: PlaygroundResult, *, fig=None, class_names=("class 0", "class 1")):
    """The decision boundary with the training points, and the two loss curves, side by side.

    Args:
        result: a :class:`PlaygroundResult`.
        fig: a matplotlib Figure to draw on (cleared first); a new pyplot figure when None.
        class_names: the legend's names of the two classes.

    Returns:
        The Figure, with two Axes: the boundary (class regions tinted in the palette's first
        two colours, the 0.5 contour in black, training points with one marker per class) and
        the training and validation loss against the epoch.

    Raises:
        TypeError: if ``result`` is not a PlaygroundResult, ``fig`` not a Figure or
            ``class_names`` not a list of names.
        ValueError: if ``class_names`` does not have two names.
    """
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from helpers import plots

    result = _check_result(result)
    if fig is not None and not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure or None, got {type(fig).__name__}")
    names = check.names(class_names, "class_names", exactly=2, optional=False)
    if fig is None:
        fig = plt.figure(figsize=(10, 4.6))
    fig.clear()
    ax_map, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
    colours = plots.PALETTE[:2]
    gx, gy = np.meshgrid(result.grid_x, result.grid_y)
    ax_map.contourf(gx, gy, (result.probabilities > 0.5).astype(float), levels=[-0.5, 0.5, 1.5],
                    colors=colours, alpha=0.25)
    if result.probabilities.min() < 0.5 < result.probabilities.max():
        ax_map.contour(gx, gy, result.probabilities, levels=[0.5], colors="k", linewidths=1.5)
    for k in (0, 1):
        points = result.x_train[result.y_train == k]
        ax_map.scatter(points[:, 0], points[:, 1], s=16, color=colours[k],
                       marker=plots.MARKERS[k], edgecolors="k", linewidths=0.4,
                       label=names[k], zorder=3)
    ax_map.set(xlim=(gx.min(), gx.max()), ylim=(gy.min(), gy.max()), aspect="equal",
               xlabel="$x_1$", ylabel="$x_2$")
    ax_map.set_title(f"accuracy: training {result.train_accuracy:.2f}, "
                     f"validation {result.val_accuracy:.2f}", fontsize="medium")
    ax_map.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2, frameon=False,
                  markerscale=1.5)
    epochs = np.arange(1, len(result.train_loss) + 1)
    ax_loss.plot(epochs, result.train_loss, color=plots.PALETTE[2], ls=plots.LINESTYLES[0],
                 label="training")
    ax_loss.plot(epochs, result.val_loss, color=plots.PALETTE[3], ls=plots.LINESTYLES[1],
                 label="validation")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy loss", ylim=(0, None))
    ax_loss.set_title(_describe(result.config), fontsize="medium")
    plots.integer_ticks(ax_loss)
    ax_loss.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2, frameon=False)
    if fig.get_layout_engine() is None:  # the house style lays figures out already
        fig.set_layout_engine("constrained")
    return fig


def _describe(config: PlaygroundConfig) -> str:
    layers = (f"{config.hidden_layers} x {config.units} {config.activation}"
              if config.hidden_layers else "no hidden layer")
    l2 = f", L2 {config.l2:g}" if config.l2 else ""
    return (f"{config.dataset} (noise {config.noise:g}), {layers},\n"
            f"Adam {config.learning_rate:g}{l2}, batch {config.batch_size}")


# ------------------------------------------------------------------------------- the widgets


class PlaygroundPanel:
    """The widget panel: one control per field, retrain and redraw on every change.

    Attributes:
        controls: dict of field name -> ipywidgets control; set ``controls[name].value`` to
            change a field (as a student's click does).
        output: the ``ipywidgets.Output`` the figure is drawn into.
        status: an ``ipywidgets.HTML`` line: the seconds the last run took, or an error.
        result: the last :class:`PlaygroundResult`.
        figure: the last Figure drawn.
        redraws: how many times the figure has been drawn.
        widget: the whole panel (an ``ipywidgets.VBox``), what the notebook displays.
    """

    def __init__(self, config: PlaygroundConfig | None = None, *,
                 playground: Playground | None = None):
        import ipywidgets as widgets

        config = _config(config, {})
        if playground is not None and not isinstance(playground, Playground):
            raise TypeError(f"playground must be a Playground or None, got "
                            f"{type(playground).__name__}")
        self.playground = playground or _shared()
        style = {"description_width": "8em"}
        layout = widgets.Layout(width="19em")
        slider = {"continuous_update": False, "style": style, "layout": layout}
        self.controls = {
            "dataset": widgets.Dropdown(options=DATASETS, value=config.dataset,
                                        description="dataset", style=style, layout=layout),
            # every slider's range includes the config's value (ipywidgets would otherwise
            # clamp it silently, and the panel would train another configuration)
            "noise": widgets.FloatSlider(value=config.noise, min=0, max=max(0.5, config.noise),
                                         step=0.05, description="noise", **slider),
            "hidden_layers": widgets.IntSlider(value=config.hidden_layers, min=0, max=6,
                                               description="hidden layers", **slider),
            "units": widgets.IntSlider(value=config.units, min=1, max=16,
                                       description="units per layer", **slider),
            "activation": widgets.Dropdown(options=ACTIVATIONS, value=config.activation,
                                           description="activation", style=style,
                                           layout=layout),
            "learning_rate": widgets.SelectionSlider(
                options=_with(config.learning_rate, (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)),
                value=config.learning_rate, description="learning rate", **slider),
            "l2": widgets.SelectionSlider(
                options=_with(config.l2, (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1)),
                value=config.l2, description="L2 penalty", **slider),
            "epochs": widgets.IntSlider(value=config.epochs, min=min(5, config.epochs),
                                        max=max(100, config.epochs), step=5,
                                        description="epochs", **slider),
            "seed": widgets.IntSlider(value=config.seed, min=0, max=max(9, config.seed),
                                      description="seed", **slider),
        }
        self._fixed = {"batch_size": config.batch_size, "n_samples": config.n_samples}
        self.output = widgets.Output()
        self.status = widgets.HTML()
        self.result: PlaygroundResult | None = None
        self.figure = None
        self.redraws = 0
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        left = widgets.VBox([*self.controls.values(), self.status])
        self.widget = widgets.VBox([left, self.output])
        self.update()

    @property
    def config(self) -> PlaygroundConfig:
        """The configuration the controls show now."""
        values = {name: control.value for name, control in self.controls.items()}
        return PlaygroundConfig(**values, **self._fixed)

    def _changed(self, change) -> None:
        self.update()

    def update(self) -> None:
        """Train the controls' configuration and redraw (called on every change)."""
        import matplotlib.pyplot as plt

        try:
            self.result = self.playground.run(self.config)
        except (TypeError, ValueError) as err:  # a value the config refuses: say so
            self.status.value = f"<b>not trained:</b> {err}"
            return
        with self.output:
            self.output.clear_output(wait=True)
            self.figure = plot_result(self.result)
            plt.show()
        plt.close(self.figure)
        self.redraws += 1
        how = "same model, new weights" if self.result.reused else "new model, compiled"
        self.status.value = (f"trained {self.result.config.epochs} epochs in "
                             f"{self.result.seconds:.1f} s ({how})")

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """The panel's widget view, and a plain-text line for pages that cannot show widgets.

        GitHub, the website and the slides show that line: the saved notebooks keep only it.
        """
        widget_bundle = getattr(self.widget, "_repr_mimebundle_", None)  # None without a kernel
        bundle = dict((widget_bundle and widget_bundle(**kwargs)) or {})
        bundle["text/plain"] = ("[The interactive playground: run this cell in Jupyter to use "
                                "its controls.]")
        return bundle


def _with(value: float, options: tuple) -> tuple:
    """The options with ``value`` added where it is missing, sorted."""
    return tuple(sorted(set(options) | {value}))


def make_panel(config: PlaygroundConfig | None = None, *,
               playground: Playground | None = None) -> PlaygroundPanel:
    """The interactive playground: controls, the decision boundary and the loss curves.

    Every change of a control trains the new configuration (a few seconds on a laptop CPU)
    and redraws the figure of :func:`plot_result`.

    Args:
        config: the starting :class:`PlaygroundConfig` (the default one when None).
        playground: the :class:`Playground` that trains (when None, the one :func:`train`
            uses, so that its compiled models are reused).

    Returns:
        A :class:`PlaygroundPanel`; a notebook cell that ends with it shows the panel.

    Raises:
        TypeError: if ``config`` is not a PlaygroundConfig or ``playground`` not a Playground.

    Example:
        >>> panel = playground.make_panel()
        >>> panel.controls["activation"].value = "tanh"   # retrains and redraws
    """
    return PlaygroundPanel(config, playground=playground)

