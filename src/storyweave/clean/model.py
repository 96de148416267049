"""The learned line classifier: a logistic regression, boosted trees over it, a Viterbi pass.

Stage one (a logistic regression) scores each line from its features
(``clean.features``: shape, the rule cleaner's verdict, neighbours, windows, word
scores); stage two (gradient-boosted trees) rescores it seeing stage one's
probabilities around it, and a third stage (more trees, when the file has one) the
same way from stage two's; a two-state hidden Markov model (body / boilerplate) then
finds the likeliest labelling of the whole page, so a body run is kept whole and a
lone line is not flipped by one doubtful score. The weights live in a small JSON file
in the package (``data/cleaner_model.json``), rebuilt by ``tools/train_cleaner.py``
from the shared data; only numpy is needed to run it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import features
from .patterns import LINE_PATTERNS

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "cleaner_model.json"

#: Rule verdicts the model does not overturn: a line pattern's kind of furniture (a
#: credit, a share bar, a copyright line...), a repeat of an earlier line, a line with
#: no letters. The patterns name what a line says, which the model's features see only
#: as one indicator among many; in cross-validation on the tuning half, holding them
#: firm raised snippet F1 (English 0.913 -> 0.914, all pages 0.897 -> 0.899), and it
#: keeps credits and notices out of the text, as the rest of the pipeline expects.
FIRM_KINDS = frozenset(kind for kind, _ in LINE_PATTERNS) | {"duplicate", "title_repeat", "no_text"}


@dataclass(frozen=True)
class Linear:
    """A standardised logistic regression: ``sigmoid(((x - mean) / scale) @ weights + bias)``."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def prob(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(float(self.bias), 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Linear:
        return cls(
            np.asarray(data["mean"], dtype=float),
            np.asarray(data["scale"], dtype=float),
            np.asarray(data["weights"], dtype=float),
            float(data["bias"]),
        )


@dataclass(frozen=True)
class Trees:
    """Gradient-boosted trees, each padded to a complete tree of one depth.

    Padding (a leaf above the last level becomes a split that always goes left, both
    children holding its value) lets all trees be walked at once, one numpy step per
    level, instead of one Python loop per tree: about 0.2 ms for a page of 200 lines.
    A row goes right at a node when its feature is above the node's threshold, as in
    LightGBM, which trained them.
    """

    feature: np.ndarray  # (trees, 2**depth - 1) int
    threshold: np.ndarray  # (trees, 2**depth - 1) float
    value: np.ndarray  # (trees, 2**depth) float: leaf values
    depth: int

    def prob(self, x: np.ndarray) -> np.ndarray:
        # flat indices and np.take: about twice as fast as two-dimensional fancy indexing
        n_trees, inner = self.feature.shape
        x = np.ascontiguousarray(x, dtype=float)
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        tree_at = (np.arange(n_trees) * inner)[None, :]
        row_at = (np.arange(len(x)) * x.shape[1])[:, None]
        flat_x = x.ravel()
        node = np.zeros((len(x), n_trees), dtype=np.intp)
        for _ in range(self.depth):
            at = tree_at + node
            value = np.take(flat_x, row_at + np.take(feature, at))
            node = 2 * node + 1 + (value > np.take(threshold, at))
        leaves = (np.arange(n_trees) * (inner + 1))[None, :] + node - inner
        z = np.take(self.value.ravel(), leaves).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "depth": self.depth,
            "feature": self.feature.tolist(),
            "threshold": [[float(v) for v in row] for row in self.threshold],
            "value": [[float(v) for v in row] for row in self.value],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trees:
        return cls(
            np.asarray(data["feature"], dtype=np.intp),
            np.asarray(data["threshold"], dtype=float),
            np.asarray(data["value"], dtype=float),
            int(data["depth"]),
        )


def _stage(data: dict[str, Any]) -> Linear | Trees:
    return Trees.from_dict(data) if "depth" in data else Linear.from_dict(data)


@dataclass(frozen=True)
class LineModel:
    """Both stages and the smoothing step.

    Attributes:
        first, second: the two stages (a logistic regression; boosted trees or a second
            logistic regression).
        scores: the learned word scores the lexical features read (``features.word_scores``).
        stay: probability that the next line has the same label as this one (the HMM's
            transition); 0.5 turns smoothing off.
        threshold: without smoothing, the probability above which a line is body.
        sequence: whether the later stages also read ``features.sequence`` (runs,
            lists, the lines' overlap with the title and the main run).
        third: a third stage (boosted trees) over the second's probabilities in
            context, stacked the same way, or None.
    """

    first: Linear
    second: Linear | Trees
    stay: float
    threshold: float = 0.5
    scores: dict[str, float] = field(default_factory=dict)
    sequence: bool = False
    third: Trees | None = None

    def probabilities(
        self, x: np.ndarray, words: Sequence[frozenset[str]] | None = None
    ) -> np.ndarray:
        """The last stage's body probability of each row of ``x`` (the features of one
        page; ``words``: its lines' ``features.tokens``, needed when ``sequence``)."""
        if self.sequence and words is None:
            raise ValueError("this model's later stages read the lines' words: pass them")
        seq = words if self.sequence else None
        prob = self.second.prob(features.stacked(x, self.first.prob(x), seq))
        if self.third is not None:
            prob = self.third.prob(features.stacked(x, prob, seq))
        return prob

    def decide(self, prob: np.ndarray) -> list[bool]:
        """Body or not for each line: the Viterbi path through the page's probabilities."""
        return viterbi(prob, self.stay, self.threshold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": features.names(),
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "stacked": features.stacked_names(self.sequence),
            **({"third": self.third.to_dict()} if self.third is not None else {}),
            "stay": self.stay,
            "threshold": self.threshold,
            "scores": dict(sorted(self.scores.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        if data.get("features") != features.names():
            raise ValueError(
                "the cleaner model was trained on other features than clean.features "
                "computes; rebuild it with tools/train_cleaner.py"
            )
        stacked = data.get("stacked", features.stacked_names(False))  # (older files: none)
        sequence = stacked == features.stacked_names(True)
        if not sequence and stacked != features.stacked_names(False):
            raise ValueError(
                "the cleaner model's later stages read other columns than clean.features "
                "stacks; rebuild it with tools/train_cleaner.py"
            )
        third = data.get("third")
        return cls(
            Linear.from_dict(data["first"]),
            _stage(data["second"]),
            float(data["stay"]),
            float(data.get("threshold", 0.5)),
            dict(data.get("scores", {})),
            sequence,
            Trees.from_dict(third) if third is not None else None,
        )


def viterbi(prob: np.ndarray, stay: float, threshold: float = 0.5) -> list[bool]:
    """The likeliest body/boilerplate sequence given per-line probabilities.

    A line's evidence is its log-odds against ``threshold`` (so that without smoothing,
    ``stay`` = 0.5, a line is body exactly when its probability exceeds the threshold);
    each change of state between two lines costs ``log(stay / (1 - stay))``.
    """
    n = len(prob)
    if n == 0:
        return []
    if not 0.5 < stay < 1.0:
        return [bool(p > threshold) for p in prob]
    p = np.clip(prob, 1e-6, 1 - 1e-6)
    odds = np.log(p / (1 - p)) - math.log(threshold / (1 - threshold))
    switch = math.log((1 - stay) / stay)
    # two states; score[s] = best log score of a path ending in s (boilerplate 0, body 1)
    # (plain floats and lists: numpy scalars cost more than the arithmetic here)
    evidence = odds.tolist()
    s0, s1 = 0.0, evidence[0]
    back = [(False, False)] * n  # per line and state: True if it came from the other state
    for i in range(1, n):
        from0_to1 = s0 + switch
        from1_to0 = s1 + switch
        b0 = from1_to0 > s0
        b1 = from0_to1 > s1
        s0, s1 = (from1_to0 if b0 else s0), (from0_to1 if b1 else s1) + evidence[i]
        back[i] = (b0, b1)
    state = 1 if s1 > s0 else 0
    out = [False] * n
    for i in range(n - 1, -1, -1):
        out[i] = bool(state)
        if back[i][state]:
            state = 1 - state
    return out


@lru_cache(maxsize=1)
def load(path: Path | None = None) -> LineModel:
    """The shipped model (read once and kept)."""
    data = json.loads((path or MODEL_FILE).read_text(encoding="utf-8"))
    return LineModel.from_dict(data)


def keep_lines(items: Sequence[features.LineLike], model: LineModel | None = None) -> list[bool]:
    """For each of one page's lines (the rule cleaner's records), whether it is body."""
    if not items:
        return []
    model = model or load()
    words = features.line_tokens(items)
    keep = model.decide(model.probabilities(features.matrix(items, model.scores, words), words))
    return [k and item.kind not in FIRM_KINDS for k, item in zip(keep, items, strict=True)]
