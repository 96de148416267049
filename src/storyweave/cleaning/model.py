"""The learned line classifier: two stacked logistic regressions and a Viterbi pass.

Stage one scores each line from its features (``cleaning.features``: shape, the rule
cleaner's verdict, neighbours, windows); stage two rescores it seeing stage one's
probabilities around it; a two-state hidden Markov model (body / boilerplate) then
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

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "cleaner_model.json"


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
class LineModel:
    """Both stages and the smoothing step.

    Attributes:
        first, second: the two logistic regressions.
        scores: the learned word scores the lexical features read (``features.word_scores``).
        stay: probability that the next line has the same label as this one (the HMM's
            transition); 0.5 turns smoothing off.
        threshold: without smoothing, the probability above which a line is body.
    """

    first: Linear
    second: Linear
    stay: float
    threshold: float = 0.5
    scores: dict[str, float] = field(default_factory=dict)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Stage two's body probability of each row of ``x`` (the features of one page)."""
        p1 = self.first.prob(x)
        return self.second.prob(features.stacked(x, p1))

    def decide(self, prob: np.ndarray) -> list[bool]:
        """Body or not for each line: the Viterbi path through the page's probabilities."""
        return viterbi(prob, self.stay, self.threshold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": features.names(),
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "stay": self.stay,
            "threshold": self.threshold,
            "scores": dict(sorted(self.scores.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        if data.get("features") != features.names():
            raise ValueError(
                "the cleaner model was trained on other features than cleaning.features "
                "computes; rebuild it with tools/train_cleaner.py"
            )
        return cls(
            Linear.from_dict(data["first"]),
            Linear.from_dict(data["second"]),
            float(data["stay"]),
            float(data.get("threshold", 0.5)),
            dict(data.get("scores", {})),
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
    s0, s1 = 0.0, float(odds[0])
    back = np.zeros((n, 2), dtype=bool)  # True: came from the other state
    for i in range(1, n):
        o = float(odds[i])
        from0_to1 = s0 + switch
        from1_to0 = s1 + switch
        b0 = from1_to0 > s0
        b1 = from0_to1 > s1
        s0, s1 = (from1_to0 if b0 else s0), (from0_to1 if b1 else s1) + o
        back[i, 0], back[i, 1] = b0, b1
    state = 1 if s1 > s0 else 0
    out = [False] * n
    for i in range(n - 1, -1, -1):
        out[i] = bool(state)
        if back[i, state]:
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
    return model.decide(model.probabilities(features.matrix(items, model.scores)))
