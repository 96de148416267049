"""The Dask batch path gives the same stories as the single-process path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storyweave.corpus import Store, ingest
from storyweave.errors import MissingDependencyError
from storyweave.records import Article, content_id

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"


def _others() -> list[Article]:
    texts = [
        "Fire crews fought a blaze at the Saltley harbour warehouse through the night, and the "
        "harbour master said three fishing boats were damaged by the flames and the smoke.",
        "Saltley firefighters said the harbour fire started in a store of nets and diesel drums "
        "near the fish market; the harbour master said nobody was hurt by the flames.",
        "Voters in Lowmoor chose a new mayor on Thursday after a campaign about bus routes, and "
        "turnout at the ballot was the highest the council has recorded in twenty years.",
    ]
    return [Article(id=content_id(t), paragraphs=(t,), path=f"other{i}.txt")
            for i, t in enumerate(texts)]


@pytest.mark.slow
def test_corpus_distributed_two_worker_cluster_gives_the_same_stories(tmp_path: Path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import storyweave.corpus as corpus
    from storyweave.ingest import read_inputs

    # a commit batch of 3 goes out as tasks of 2 and 1, joined back before it is stored
    monkeypatch.setattr(corpus.prepare, "TASK_SIZE", 2)

    documents, _ = read_inputs([EXAMPLES])
    items = documents + _others()
    with Store(tmp_path / "single.sqlite") as single:
        ingest(items, single, batch_size=3)
        expected = single.partition()
        expected_stories = [(s.id, s.size, s.outlets) for s in single.stories()]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            with Store(tmp_path / "dask.sqlite") as store:
                progress: list[int] = []
                with distributed.get_task_stream(client=client) as tasks:
                    report = ingest(items, store, batch_size=3, client=client,
                                    on_progress=progress.append)
                assert report.added == len(expected)
                assert store.partition() == expected
                assert [(s.id, s.size, s.outlets) for s in store.stories()] == expected_stories
            ran = [t for t in tasks.data if "prepare_batch" in str(t.get("key"))]
            batches = [len(items[i : i + 3]) for i in range(0, len(items), 3)]
            # every document was prepared on a worker, each batch in tasks of at most 2
            assert len(ran) == sum(-(-n // 2) for n in batches)
            assert sum(progress) == len(items) and len(progress) == len(ran)  # task by task


def test_corpus_distributed_missing_dask_names_the_extra(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with Store(tmp_path / "c.sqlite") as store:
        with pytest.raises(MissingDependencyError, match=r"storyweave\[scale\]"):
            ingest(_others(), store, workers=2)


def test_corpus_distributed_unreachable_scheduler_is_a_usage_error(tmp_path: Path, monkeypatch):
    pytest.importorskip("distributed")
    from storyweave.corpus import distributed as runner
    from storyweave.errors import UsageError

    monkeypatch.setattr(runner, "CONNECT_TIMEOUT", "1s")

    with Store(tmp_path / "c.sqlite") as store:
        with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
            ingest(_others(), store, scheduler="tcp://127.0.0.1:9")
