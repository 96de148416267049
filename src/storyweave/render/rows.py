"""Rows for spreadsheets and pipes: ``--format jsonl`` (one JSON object a line) and
``--format csv`` (one table, a header line first).

Rows come from the same ``to_dict()`` as every other view: a brief's summary sentences,
the facts' quotes, figures, disagreements, timeline and entities, a store's stories or
search hits. Lists inside a cell (a sentence's sources, a quote's articles) are joined
with ``;`` in CSV and stay lists in JSON Lines.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import UsageError

ROW_FORMATS = ("jsonl", "csv")
#: The facts tables that have rows, in the order ``jsonl`` gives them when no one is chosen.
FACT_TABLES = ("quotes", "figures", "disagreements", "timeline", "entities")


def _cell(value: Any) -> Any:
    """A value a CSV cell can hold: scalars as they are, lists joined, mappings as JSON."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(_cell(v)) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with its nested ``span`` and ``parts`` spelt out as plain columns."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == "span" and isinstance(value, (list, tuple)) and len(value) == 2:
            out["start"], out["end"] = value
        elif key in ("evidence", "parts", "disputes") and isinstance(value, list):
            out[key] = [p.get("article") for p in value if isinstance(p, Mapping)]
        else:
            out[key] = value
    return out


def render_rows(rows: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """``rows`` as JSON Lines or CSV (columns: every key, in order of first appearance)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        columns: dict[str, None] = {}
        for r in rows:
            columns.update(dict.fromkeys(r))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(v) for k, v in r.items()})
        return buf.getvalue()
    raise UsageError(f"unknown row format {fmt!r}; choose jsonl or csv")


def brief_rows(brief: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row a summary sentence: its text, article, span and every source."""
    return [_flat({"rank": i, **s}) for i, s in enumerate(brief.get("summary", []), 1)]


def check_rows(check: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row an article of a claim check: its verdict, score, independent source and
    the sentences that show it (a ``storyweave.check/1`` dictionary)."""
    return [
        {"claim": check.get("claim", ""), "article": v["article"], "label": v["label"],
         "score": v["score"], "source": v["source"],
         "evidence": [e.get("text", "") for e in v.get("evidence", [])]}
        for v in check.get("verdicts", [])
    ]


def fact_rows(facts: Mapping[str, Any], tables: Iterable[str] | None, fmt: str) -> list[dict[str, Any]]:
    """Rows of the chosen facts tables; each row names its table when several are given.

    Raises:
        UsageError: a table that does not exist, or CSV asked for more than one table.
    """
    chosen = list(tables) if tables else list(FACT_TABLES if fmt == "jsonl" else ())
    if fmt == "csv" and len(chosen) != 1:
        raise UsageError("--format csv holds one table: add --rows with one of "
                         + ", ".join(FACT_TABLES))
    unknown = [t for t in chosen if t not in FACT_TABLES]
    if unknown:
        raise UsageError(f"--rows: unknown table {unknown[0]!r}; choose from {', '.join(FACT_TABLES)}")
    rows: list[dict[str, Any]] = []
    for name in chosen:
        for item in facts.get(name, []) or []:
            row = _flat(item)
            rows.append({"table": name, **row} if len(chosen) > 1 else row)
    return rows
