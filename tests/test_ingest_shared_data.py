"""Ingest on the shared evaluation files (skipped, with the reason shown, when they are absent)."""

from __future__ import annotations

import json

from storyweave.ingest import read_inputs


def test_ingest_multinews_dev_reads_every_document_and_no_summary(shared_data):
    path = shared_data / "multinews-dev.jsonl"
    clusters = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs, skips = read_inputs([path])
    assert not skips
    expected = [f"{path}:{i}#{j}" for i, c in enumerate(clusters, 1) for j in range(1, len(c["documents"]) + 1)]
    assert [d.path for d in docs] == expected
    summaries = {c["summary"] if isinstance(c["summary"], str) else c["summary"][0] for c in clusters}
    assert not any(d.content in summaries for d in docs)
    first = clusters[0]["documents"][0]
    assert docs[0].content == first
