"""ROUGE evaluation of the summarizers against reference summaries, under one shared protocol.

The protocol of ``shared/data/README.md``: rouge-score with stemming, F1 of ROUGE-1,
ROUGE-2 and ROUGE-Lsum (one sentence a line, the shared splitter for system and
reference alike), the maximum over several references, the mean over instances x 100
with a seeded bootstrap 95% interval that is paired across systems (every system is
resampled on the same instances). Every system gets the same instances, the same clean
articles, the same sentences and the same budget rule (``summarize.base.select``).

    storyweave eval DATA.jsonl --words 250 --systems storyweave,lead,lexrank,oracle --out r.json

The oracle is the greedy extractive upper bound: it adds the sentence that most raises
ROUGE-1 + ROUGE-2 F1 against the references (best reference), while one still does.
Only the scorer and the oracle ever see a reference.

Query-focused and update data (issue 19): a record may carry a ``query`` (every system
gets it in ``Config.query``; the query-aware baseline ``query-tfidf`` is added to the
run), ``answers`` (the exact sentences that answer the query: the report gives each
system's *answer recall*, the share of them in its brief), and ``earlier`` (documents
the reader has already seen: the storyweave method makes an update brief, and the
report gives each system's *repeat share*, the share of its sentences that repeat
earlier content by ``summarize.update.repeats``). A record with answers needs no
reference summary. The ``generic`` system is the storyweave method without the query
and the earlier documents, to compare against.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .config import Config
from .errors import DataError, MissingDependencyError, UsageError
from .records import Article, RawDocument, Skip, content_id

METRICS = ("rouge1", "rouge2", "rougeLsum")
LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeLsum": "R-Lsum"}
DEFAULT_SYSTEMS = ("storyweave", "lead", "lexrank", "textrank", "lsa", "random", "oracle")
#: Systems the evaluator knows besides the registered summarizers.
EVAL_ONLY = ("oracle", "generic")
#: The extra figures of query and update data, by report key.
EXTRA = {"answer_recall": "answers", "repeat_share": "repeats"}
#: Bootstrap resamples: 1000 puts the 2.5% / 97.5% percentiles within about 0.1 point.
BOOTSTRAP_SAMPLES = 1000

#: A progress wrapper: ``progress(items, description)`` -> the same items (a bar, a log).
Progress = Callable[[Sequence[Any], str], Any]


# ---------------------------------------------------------------- data


@dataclass
class Instance:
    """One cluster: its clean articles, their sentences (a ``Cluster``) and the references."""

    id: str
    articles: list[Article]
    references: list[str]
    cluster: Any = None  # summarize.base.Cluster, built by ``prepare``
    warnings: list[str] = field(default_factory=list)
    query: str | None = None
    answers: list[str] | None = None
    earlier: list[Article] = field(default_factory=list)


def load(path: str | Path, limit: int | None = None,
         on_skip: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """The records of a JSONL file (``id``, ``documents``, ``summary`` str or list).

    A bad line is skipped; ``on_skip`` is told which and why (the CLI warns).

    Raises:
        UsageError: the file does not exist.
        DataError: no usable record.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file (give a JSONL file of clusters with references)")
    records = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                docs = rec["documents"]
                refs = rec["summary"] if "answers" not in rec else rec.get("summary") or []
                extra = _extra_fields(rec)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                if on_skip is not None:
                    on_skip(f"{path}:{n}: skipped: not a cluster record ({exc})")
                continue
            refs = [refs] if isinstance(refs, str) else [r for r in refs if isinstance(r, str)]
            docs = [d for d in docs if isinstance(d, str) and d.strip()]
            if not docs or not (any(r.strip() for r in refs) or extra.get("answers")):
                if on_skip is not None:
                    on_skip(f"{path}:{n}: skipped: no document or no reference")
                continue
            records.append({"id": str(rec.get("id", n)), "documents": docs, "references": refs, **extra})
            if limit and len(records) >= limit:
                break
    if not records:
        raise DataError(f"{path}: no usable cluster record")
    return records


def _extra_fields(rec: dict[str, Any]) -> dict[str, Any]:
    """The query-focused and update fields of a record, checked (``ValueError`` if bad)."""
    out: dict[str, Any] = {}
    if rec.get("query") is not None:
        if not isinstance(rec["query"], str) or not rec["query"].strip():
            raise ValueError("`query` must be a non-empty text")
        out["query"] = rec["query"]
    for key in ("answers", "earlier"):
        if rec.get(key) is not None:
            if not isinstance(rec[key], list) or not all(isinstance(t, str) for t in rec[key]):
                raise ValueError(f"`{key}` must be a list of texts")
            out[key] = [t for t in rec[key] if t.strip()]
    return out


def _raw_article(path: str, text: str) -> Article:
    paragraphs = tuple(line.strip() for line in text.split("\n") if line.strip())
    return Article(id=content_id("\n".join(paragraphs)), paragraphs=paragraphs, path=path)


def to_articles(record: dict[str, Any], config: Config, mode: str = "clean") -> tuple[list[Article], list[str]]:
    """The articles of a record: cleaned by ``storyweave.clean`` (``mode="clean"``) or raw lines.

    A document the cleaner skips is left out; if it skips them all, the raw lines are
    used, so that every system is scored on every instance.
    """
    warnings: list[str] = []
    raws = [_raw_article(f"{record['id']}#{i}", d) for i, d in enumerate(record["documents"])]
    if mode == "raw":
        return raws, warnings
    try:
        from .clean import clean
    except ImportError:
        warnings.append("storyweave.clean is not available: documents used as raw lines")
        return raws, warnings
    articles: list[Article] = []
    for i, text in enumerate(record["documents"]):
        result = clean(RawDocument(path=f"{record['id']}#{i}", content=text), config)
        if isinstance(result, Skip):
            warnings.append(f"{result.path}: skipped by the cleaner: {result.reason}")
        else:
            articles.append(result)
    if not articles:
        warnings.append(f"{record['id']}: the cleaner kept no document: raw lines used")
        return raws, warnings
    return articles, warnings


def prepare(record: dict[str, Any], config: Config, mode: str = "clean") -> Instance:
    """An ``Instance``: clean articles split by the shared splitter, references kept aside."""
    from .summarize.base import Cluster

    articles, warnings = to_articles(record, config, mode)
    inst = Instance(record["id"], articles, list(record["references"]), warnings=warnings,
                    query=record.get("query"), answers=record.get("answers"))
    inst.cluster = Cluster.from_articles(articles, seed=config.seed)
    if record.get("earlier"):
        from .summarize.update import earlier_sentences

        earlier = {"id": f"{record['id']}-earlier", "documents": record["earlier"]}
        inst.earlier, more = to_articles(earlier, config, mode)
        inst.warnings.extend(more)
        inst.cluster.earlier = earlier_sentences(inst.earlier)
    return inst


# ---------------------------------------------------------------- scoring


class Scorer:
    """rouge-score F1 x 100 of a summary (a list of sentences) against one or more references."""

    def __init__(self) -> None:
        try:
            from rouge_score import rouge_scorer
        except ImportError as exc:
            raise MissingDependencyError("rouge-score", "eval") from exc
        self.scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
        self.tokenize = self.scorer._tokenizer.tokenize
        self._refs: dict[str, str] = {}

    def reference(self, text: str) -> str:
        """The reference, one sentence a line, by the shared splitter (for ROUGE-Lsum)."""
        if text not in self._refs:
            from . import nlp

            self._refs[text] = "\n".join(nlp.split_sentences(text))
        return self._refs[text]

    def score(self, sentences: Sequence[str], references: Sequence[str]) -> dict[str, float]:
        """Per metric, the best F1 over the references (rouge-score's multi-reference rule)."""
        prediction = "\n".join(" ".join(s.split()) for s in sentences)
        best = dict.fromkeys(METRICS, 0.0)
        for ref in references:
            scores = self.scorer.score(self.reference(ref), prediction)
            for m in METRICS:
                best[m] = max(best[m], 100.0 * scores[m].fmeasure)
        return best


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def oracle_rank(cluster: Any, references: Sequence[str], words: int, tokenize: Callable) -> list[int]:
    """Greedy oracle: add the fitting sentence that most raises R-1 + R-2 F1 (best reference).

    Stops when no sentence that fits the budget raises the score.
    """
    from .summarize.base import n_words

    refs = []
    for ref in references:
        toks = tokenize(ref)
        refs.append((_ngrams(toks, 1), _ngrams(toks, 2)))
    sents = []
    for s in cluster.sentences:
        toks = tokenize(s.text)
        sents.append((_ngrams(toks, 1), _ngrams(toks, 2), n_words(s.text)))
    cur = [Counter(), Counter()]

    def f1(overlap: int, pred: int, ref: int) -> float:
        if not overlap:
            return 0.0
        p, r = overlap / pred, overlap / ref
        return 2 * p * r / (p + r)

    def value(extra: tuple[Counter, Counter] | None) -> float:
        best = 0.0
        for ref in refs:
            total = 0.0
            for n in (0, 1):
                pred = cur[n] + extra[n] if extra else cur[n]
                overlap = sum(min(c, ref[n][g]) for g, c in pred.items() if g in ref[n])
                total += f1(overlap, sum(pred.values()), max(sum(ref[n].values()), 1))
            best = max(best, total)
        return best

    chosen: list[int] = []
    used = 0
    score = 0.0
    while True:
        best_i, best_v = -1, score
        for i, (u, b, length) in enumerate(sents):
            if i in chosen or used + length > words or length == 0:
                continue
            v = value((u, b))
            if v > best_v + 1e-12:
                best_i, best_v = i, v
        if best_i < 0:
            return chosen
        chosen.append(best_i)
        cur[0] += sents[best_i][0]
        cur[1] += sents[best_i][1]
        used += sents[best_i][2]
        score = best_v


# ---------------------------------------------------------------- statistics


def bootstrap(
    values: dict[str, Sequence[float]], seed: int = 0, samples: int = BOOTSTRAP_SAMPLES
) -> dict[str, tuple[float, float, float]]:
    """Mean and 95% percentile interval of each series, resampled on shared instances.

    Every series is resampled with the same instance indices (paired), drawn from a
    generator seeded by ``seed``; the same inputs and seed give the same intervals.
    """
    if not values:
        return {}
    n = len(next(iter(values.values())))
    if any(len(v) != n for v in values.values()):
        raise ValueError("paired bootstrap needs series of equal length")
    if n == 0:
        return {k: (float("nan"),) * 3 for k in values}
    idx = np.random.default_rng(seed).integers(0, n, size=(samples, n))
    out = {}
    for name, series in values.items():
        arr = np.asarray(series, dtype=float)
        means = arr[idx].mean(axis=1)
        lo, hi = np.percentile(means, [2.5, 97.5])
        out[name] = (float(arr.mean()), float(lo), float(hi))
    return out


# ---------------------------------------------------------------- running


def system_ranker(name: str) -> Callable[[Instance, Config, Scorer], list[int]]:
    """How a system ranks an instance's sentences (the oracle alone reads the references)."""
    if name == "oracle":
        return lambda inst, config, scorer: oracle_rank(
            inst.cluster, inst.references, config.words, scorer.tokenize
        )
    if name == "generic":
        from .summarize.storyweave import rank as generic_rank

        return lambda inst, config, scorer: generic_rank(inst.cluster, config.with_(query=None))
    from .summarize import get

    ranker = get(name)
    return lambda inst, config, scorer: ranker(inst.cluster, config)


def run(
    records: Sequence[dict[str, Any]],
    systems: Sequence[str],
    config: Config,
    *,
    progress: Progress | None = None,
    mode: str = "clean",
    instances: Sequence[Instance] | None = None,
    rankers: dict[str, Callable] | None = None,
) -> dict[str, Any]:
    """Score ``systems`` on every record; returns the report (see ``report`` for its shape).

    ``rankers`` may supply extra systems by name (used by cross-validation);
    ``progress`` wraps the loops over records (the CLI passes its progress bar).
    """
    from .summarize.base import order_output, select

    scorer = Scorer()
    funcs = {s: (rankers or {}).get(s) or system_ranker(s) for s in systems}
    if instances is None:
        instances = prepare_all(records, config, progress=progress, mode=mode)
    per_cluster = []
    scores: dict[str, dict[str, list[float]]] = {s: {m: [] for m in METRICS} for s in systems}
    seconds: dict[str, list[float]] = {s: [] for s in systems}
    extra: dict[str, dict[str, list[float]]] = {k: {s: [] for s in systems} for k in EXTRA}
    # warm up: the first call of a method may import a package or build a cache
    if instances:
        for s in systems:
            funcs[s](instances[0], _config_of(instances[0], config), scorer)
    for inst in _progress(instances, progress, "scoring"):
        entry: dict[str, Any] = {"id": inst.id, "articles": len(inst.articles),
                                 "sentences": len(inst.cluster), "systems": {}}
        if inst.warnings:
            entry["warnings"] = inst.warnings
        if inst.query:
            entry["query"] = inst.query
        cfg = _config_of(inst, config)
        for s in systems:
            t0 = time.perf_counter()
            order = funcs[s](inst, cfg, scorer)
            chosen = order_output(inst.cluster, select(inst.cluster, order, config.words))
            elapsed = time.perf_counter() - t0
            sentences = [inst.cluster.sentences[i].text for i in chosen]
            sc = scorer.score(sentences, inst.references)
            for m in METRICS:
                scores[s][m].append(sc[m])
            seconds[s].append(elapsed)
            entry["systems"][s] = {
                "summary": "\n".join(sentences),
                "words": sum(len(t.split()) for t in sentences),
                "scores": {m: round(sc[m], 3) for m in METRICS},
                "seconds": round(elapsed, 4),
            }
            for key, value in _extra_scores(inst, sentences, config).items():
                extra[key][s].append(value)
                entry["systems"][s][key] = round(value, 4)
        per_cluster.append(entry)
    result = report(scores, seconds, per_cluster, systems, config)
    for key, series in extra.items():
        if any(series.values()):
            result[key] = {
                s: {**_triple(bootstrap({s: v}, seed=config.seed)[s]), "n": len(v)}
                for s, v in series.items() if v
            }
    return result


def _config_of(inst: Instance, config: Config) -> Config:
    """The run's configuration with the instance's query."""
    return config.with_(query=inst.query) if inst.query else config


def answer_recall(sentences: Sequence[str], answers: Sequence[str]) -> float:
    """The share of the answering sentences that the brief holds (normalised text)."""
    from .records import normalize

    want = {normalize(a) for a in answers}
    if not want:
        return 0.0
    return len(want & {normalize(s) for s in sentences}) / len(want)


def repeat_share(sentences: Sequence[str], earlier: Any, config: Config) -> float:
    """The share of the brief's sentences that repeat earlier content (``update.repeats``)."""
    from .summarize.update import repeats

    if not sentences:
        return 0.0
    return len(repeats(list(sentences), earlier, config)) / len(sentences)


def _extra_scores(inst: Instance, sentences: Sequence[str], config: Config) -> dict[str, float]:
    out = {}
    if inst.answers:
        out["answer_recall"] = answer_recall(sentences, inst.answers)
    if inst.cluster.earlier:
        out["repeat_share"] = repeat_share(sentences, inst.cluster.earlier, config)
    return out


def prepare_all(
    records: Sequence[dict[str, Any]], config: Config, *, progress: Progress | None = None,
    mode: str = "clean",
) -> list[Instance]:
    return [prepare(r, config, mode) for r in _progress(records, progress, "cleaning")]


def report(
    scores: dict[str, dict[str, list[float]]],
    seconds: dict[str, list[float]],
    per_cluster: list[dict[str, Any]],
    systems: Sequence[str],
    config: Config,
) -> dict[str, Any]:
    flat = {f"{s}/{m}": scores[s][m] for s in systems for m in METRICS}
    intervals = bootstrap(flat, seed=config.seed)
    summary = {}
    for s in systems:
        summary[s] = {m: _triple(intervals[f"{s}/{m}"]) for m in METRICS}
        summary[s]["seconds_median"] = round(statistics.median(seconds[s]), 4) if seconds[s] else None
    differences = {}
    base = "storyweave" if "storyweave" in systems else None
    if base:
        diffs = {}
        for s in systems:
            if s == base:
                continue
            for m in METRICS:
                diffs[f"{s}/{m}"] = [a - b for a, b in zip(scores[base][m], scores[s][m], strict=True)]
        d_int = bootstrap(diffs, seed=config.seed) if diffs else {}
        for s in systems:
            if s != base:
                differences[s] = {m: _triple(d_int[f"{s}/{m}"]) for m in METRICS}
    return {
        "protocol": "rouge-score, use_stemmer=True, F1 x 100, max over references, "
        f"whole sentences within {config.words} words, paired bootstrap "
        f"({BOOTSTRAP_SAMPLES} resamples, seed {config.seed}) 95% intervals",
        "words": config.words,
        "seed": config.seed,
        "instances": len(per_cluster),
        "systems": list(systems),
        "summary": summary,
        "differences_vs": base,
        "differences": differences,
        "clusters": per_cluster,
    }


def _triple(t: tuple[float, float, float]) -> dict[str, float]:
    return {"mean": round(t[0], 3), "lo": round(t[1], 3), "hi": round(t[2], 3)}


def _progress(items: Sequence[Any], progress: Progress | None, desc: str) -> Any:
    """``items`` through the caller's progress wrapper, if any (the library draws nothing)."""
    return items if progress is None else progress(items, desc)


def format_table(result: dict[str, Any]) -> str:
    """The plain-text table: mean [95% interval] per metric, median seconds per cluster."""
    head = f"{'system':<12}" + "".join(f"{LABELS[m]:>22}" for m in METRICS) + f"{'s/cluster':>11}"
    lines = [head, "-" * len(head)]
    for s in result["systems"]:
        row = result["summary"][s]
        cells = "".join(
            f"{row[m]['mean']:>8.2f} [{row[m]['lo']:5.2f},{row[m]['hi']:6.2f}]" for m in METRICS
        )
        sec = row["seconds_median"]
        lines.append(f"{s:<12}{cells}{sec:>11.4f}" if sec is not None else f"{s:<12}{cells}")
    if result.get("differences"):
        base = result["differences_vs"]
        lines.append("")
        lines.append(f"{base} minus system (mean [paired 95% interval])")
        for s, row in result["differences"].items():
            cells = "".join(
                f"{row[m]['mean']:>+8.2f} [{row[m]['lo']:+5.2f},{row[m]['hi']:+6.2f}]" for m in METRICS
            )
            lines.append(f"{s:<12}{cells}")
    for key, label in EXTRA.items():
        if result.get(key):
            lines.append("")
            lines.append(f"{label}: " + ("share of the answering sentences in the brief"
                                         if key == "answer_recall" else
                                         "share of the brief's sentences that repeat earlier content"))
            for s, row in result[key].items():
                lines.append(f"{s:<12}{row['mean']:>8.3f} [{row['lo']:.3f},{row['hi']:.3f}]  n={row['n']}")
    lines.append("")
    lines.append(f"{result['instances']} instances; {result['protocol']}")
    return "\n".join(lines)


# ---------------------------------------------------------------- cross-validation


def cross_validate(
    instances: Sequence[Instance],
    candidates: dict[str, Callable],
    config: Config,
    *,
    metric: str = "rouge2",
    folds: int = 2,
    seed: int = 0,
) -> dict[str, Any]:
    """Tune on some folds, score on the held-out one, for every fold; a fair figure.

    Args:
        instances: prepared instances.
        candidates: settings by name, each a ranker ``(instance, config, scorer) -> order``.
        metric: what the tuning maximises.

    Returns:
        ``{"folds": [{"chosen": name, "train": score, "test": score}], "test_mean": ...,
        "per_candidate": {name: mean over all}}``; ``test_mean`` is the mean over all
        instances of the held-out scores of the setting chosen without them.
    """
    from .summarize.base import order_output, select

    scorer = Scorer()
    table: dict[str, list[float]] = {}
    for name, func in candidates.items():
        vals = []
        for inst in instances:
            chosen = order_output(inst.cluster, select(inst.cluster, func(inst, config, scorer), config.words))
            vals.append(scorer.score([inst.cluster.sentences[i].text for i in chosen], inst.references)[metric])
        table[name] = vals
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(instances))
    fold_of = np.empty(len(instances), dtype=int)
    for k, chunk in enumerate(np.array_split(perm, folds)):
        fold_of[chunk] = k
    held_out = np.zeros(len(instances))
    out_folds = []
    for k in range(folds):
        train, test = fold_of != k, fold_of == k
        # ties go to the candidate listed first (list the simplest setting first)
        names = list(table)
        name = max(names, key=lambda c: (float(np.mean(np.asarray(table[c])[train])), -names.index(c)))
        held_out[test] = np.asarray(table[name])[test]
        out_folds.append({
            "chosen": name,
            "train": round(float(np.mean(np.asarray(table[name])[train])), 3),
            "test": round(float(np.mean(np.asarray(table[name])[test])), 3),
        })
    return {
        "metric": metric,
        "folds": out_folds,
        "test_mean": round(float(held_out.mean()), 3),
        "per_candidate": {c: round(float(np.mean(v)), 3) for c, v in table.items()},
    }
