"""``storyweave eval``: ROUGE of the systems on a JSONL file of clusters, as a table."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import UsageError
from . import output


def cmd_eval(args: argparse.Namespace) -> int:
    """``storyweave eval``: print the table, write the JSON report when ``-o`` is given."""
    from ..config import Config
    from ..evaluate import EVAL_ONLY, format_table, load, run
    from ..summarize import summarizers

    systems = [s.strip() for s in str(args.systems).split(",") if s.strip()]
    if not systems:
        raise UsageError("--systems: give at least one system name")
    unknown = [s for s in systems if s not in EVAL_ONLY and s not in summarizers]
    if unknown:
        valid = ", ".join([*sorted(summarizers), *EVAL_ONLY])
        raise UsageError(f"--systems: unknown system {unknown[0]!r}; valid: {valid}")
    config = Config(words=args.words, seed=args.seed)
    records = load(args.data, getattr(args, "limit", None), on_skip=output.warn)
    if any(r.get("query") for r in records) and "query-tfidf" not in systems:
        systems.append("query-tfidf")  # the query-aware baseline runs beside every query run
    if any(r.get("query") or r.get("earlier") for r in records) and "generic" not in systems:
        systems.append("generic")  # the generic brief, to compare a focused one against
    progress = None if getattr(args, "no_progress", False) else output.progress_iter
    mode = getattr(args, "input", None) or "clean"
    if mode not in ("clean", "raw"):
        raise UsageError(f"--input must be clean or raw, got {mode!r}")
    result = run(records, systems, config, progress=progress, mode=mode)
    result["data"] = str(args.data)
    result["input"] = mode
    output.write(format_table(result))
    target = getattr(args, "output", None) or getattr(args, "out", None)  # --out: the old name
    if target:
        out = Path(target)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{out}: cannot write the report ({exc.strerror})") from exc
        output.write(f"wrote {out}")
    return 0
