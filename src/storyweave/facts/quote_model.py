"""The two small learned scorers of the quote stage, and their features.

- ``is_quote``: is a span between quote marks reported speech (a quote, partial or
  whole) or a name for something (a title, a term held at arm's length, a nickname)?
- ``speaker``: of the candidate speakers the rules and the neighbouring sentences
  offer for one quotation, which is the speaker?

Both are logistic regressions over features that are the existing rules' verdicts
(an attribution found, and by which rule) plus the span's shape and context. They
were trained on the tuning half of ``benchmarks/data/quotes_gold.jsonl`` by
``benchmarks/train_quotes.py``, which writes ``storyweave/data/quote_model.json``;
the blind half was never seen by it. Inference is a dot product in plain Python:
no learning library is needed at run time.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

QUOTE_FEATURES = (
    "bias", "log_words", "one_word", "le3_words", "title_frac", "all_title", "first_person",
    "has_verb", "ends_punct", "starts_upper", "after_det", "before_noun", "naming_context",
    "work_context", "so_called", "rule_speaker", "rule_verb", "speech_in_sentence",
    "whole_sentence", "whole_paragraph", "in_parens", "after_colon", "best_candidate",
    "n_candidates", "has_punct_inside", "after_comma_verb", "continues_open", "short_rule",
    "short_norule",
)
SPEAKER_FEATURES = (
    "bias", "src_rule_verb", "src_rule_signed", "src_rule_intro", "src_rule_para",
    "src_rule_runon", "src_rule_label", "src_prev_sent", "src_next_sent", "src_sent_before", "src_sent_after",
    "src_prev_ent", "src_last_speaker", "votes", "person", "group", "unnamed", "para_gap",
    "cross_para", "is_last_speaker", "quote_whole_para", "log_chars_away", "pronoun_cue", "rule_other",
    "agrees_rule", "src_recent_person", "recent_rank", "recent_subject", "gender_agrees",
    "gender_conflicts", "name_in_quote", "group_mention", "src_nobody", "nobody_no_rule",
    "nobody_rule_unnamed", "nobody_rule_named", "nobody_no_name", "nobody_pronoun",
    "nobody_whole_para", "nobody_n_names",
)

#: Used when the trained file is missing (a source checkout before training): the
#: rules' own order, so that the stage still works the way it did before the models.
_DEFAULT = {
    "quote": {"bias": -1.0, "rule_speaker": 3.0, "log_words": 0.8, "one_word": -2.0, "naming_context": -2.0,
              "work_context": -2.0, "all_title": -1.0, "first_person": 1.0, "threshold": 0.5},
    "speaker": {"bias": -2.0, "src_rule_verb": 4.0, "src_rule_signed": 3.0, "src_rule_intro": 3.0,
                "src_rule_para": 3.0, "src_rule_runon": 2.5, "src_rule_label": 3.0, "src_prev_sent": 1.5, "src_next_sent": 1.0,
                "src_sent_before": 0.5, "src_sent_after": 0.8, "src_last_speaker": 1.0, "votes": 0.5,
                "src_nobody": -5.0,
                "threshold": 0.3},
}


@lru_cache(maxsize=1)
def weights() -> dict[str, dict[str, float]]:
    """The trained weights (``storyweave/data/quote_model.json``), or the defaults."""
    try:
        text = resources.files("storyweave").joinpath("data/quote_model.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return _DEFAULT
    data = json.loads(text)
    return {"quote": data["quote"]["weights"] | {"threshold": data["quote"]["threshold"]},
            "speaker": data["speaker"]["weights"] | {"threshold": data["speaker"]["threshold"]}}


def probability(kind: str, features: dict[str, float]) -> float:
    """P(yes) of the ``kind`` ("quote" or "speaker") model for one feature vector."""
    w = weights()[kind]
    z = w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in features.items() if k != "bias")
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def threshold(kind: str) -> float:
    return weights()[kind].get("threshold", 0.5)
