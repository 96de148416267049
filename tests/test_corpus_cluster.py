"""Stories: incremental joins, stable ids, and the same grouping whatever the input order."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.corpus import Store, cluster, ingest
from storyweave.records import Article, RawDocument, content_id

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
SHARED = ROOT.parent / "shared" / "data"


def _aleppo() -> list[RawDocument]:
    return [RawDocument(path=str(p), content=p.read_text(encoding="utf-8"))
            for p in sorted(EXAMPLES.glob("*.txt"))]


def _harbour(i: int) -> Article:
    """A made-up report of another event (a harbour fire) in a few wordings."""
    lines = [
        "Fire crews fought a blaze at the Saltley harbour warehouse through the night, "
        "and the harbour master said three fishing boats were damaged by the flames.",
        "Saltley firefighters said the fire started in a store of nets and diesel drums "
        "near the fish market, and that nobody was hurt.",
        "The harbour will stay closed to boats until the wreckage is cleared, the council said, "
        "and fishermen fear losing a week of catches.",
        "Police have not ruled out arson at the harbour and asked witnesses to come forward.",
    ]
    witnesses = ["a net mender", "the cafe owner", "a retired skipper", "a ferry guard",
                 "the lifeboat coxswain", "a fish buyer"]
    rng = random.Random(i)
    rng.shuffle(lines)
    chosen = lines[:3] + [f"One witness, {witnesses[i % len(witnesses)]}, said the smoke "
                          f"could be seen from {i + 2} miles away along the harbour road."]
    text = "\n".join(chosen)
    return Article(id=content_id(text), paragraphs=tuple(chosen), outlet=f"Coast News {i}")


def _partition(store: Store) -> frozenset[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in store.partition().items():
        groups.setdefault(story, set()).add(article)
    return frozenset(frozenset(g) for g in groups.values())


def test_corpus_cluster_new_articles_join_existing_stories_incrementally(tmp_path: Path):
    docs = _aleppo()
    with Store(tmp_path / "c.sqlite") as store:
        ingest(docs[:3] + [_harbour(1)], store)
        stories = {s.size: s.id for s in store.stories()}
        assert sorted(stories) == [1, 3]
        aleppo_id, harbour_id = stories[3], stories[1]
        assert store.story(aleppo_id).headline
        # later batches: the rest of the Aleppo reports and two more harbour reports
        ingest(docs[3:], store)
        ingest([_harbour(2), _harbour(3)], store)
        after = {s.id: s.size for s in store.stories()}
        assert after == {aleppo_id: 5, harbour_id: 3}  # ids stay, stories grow
        assert len(store.story_articles(aleppo_id)) == 5
        with pytest.raises(KeyError):
            store.story("s-no-such-story")


def test_corpus_cluster_story_ids_derive_from_the_founding_article(tmp_path: Path):
    with Store(tmp_path / "c.sqlite") as store:
        ingest(_aleppo(), store)
        (story,) = store.stories()
        founder = min(store.story_articles(story.id), key=lambda a: (a.published or "9999", a.id))
        assert story.id == "s" + founder.id


def _small_real_subset() -> tuple[list[RawDocument], dict[str, str]]:
    if not (SHARED / "multinews-dev.jsonl").exists():
        pytest.skip(f"shared evaluation data not found at {SHARED}")
    docs: list[RawDocument] = []
    gold: dict[str, str] = {}
    with open(SHARED / "multinews-dev.jsonl", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= 12:
                break
            for k, text in enumerate(json.loads(line)["documents"]):
                path = f"mn:{n}#{k}"
                docs.append(RawDocument(path=path, content=text))
                gold[path] = str(n)
    return docs + _aleppo(), gold


@pytest.mark.slow
def test_corpus_cluster_same_stories_whatever_the_order_and_batching(tmp_path: Path):
    docs, _ = _small_real_subset()
    partitions = set()
    ids = set()
    for seed, batch in [(0, 1000), (1, 1000), (2, 7), (3, 3)]:
        order = list(docs)
        random.Random(seed).shuffle(order)
        with Store(tmp_path / f"c{seed}.sqlite") as store:
            ingest(order, store, batch_size=batch)
            partitions.add(_partition(store))
            if batch == 1000:
                ids.add(frozenset(store.partition().items()))
    assert len(partitions) == 1
    assert len(ids) == 1  # one batch: the same ids too


@pytest.mark.slow
def test_corpus_cluster_groups_a_small_real_subset_by_event(tmp_path: Path):
    docs, gold = _small_real_subset()
    with Store(tmp_path / "c.sqlite") as store:
        ingest(docs, store)
        story_of = {}
        for article, story in store.partition().items():
            for copy in store.copies(article):
                story_of[copy["path"]] = story
    # pairwise agreement on the Multi-News part: same event -> mostly same story, and
    # different events almost never share one
    paths = [p for p in story_of if p in gold]
    same = [story_of[a] == story_of[b] for a in paths for b in paths if a < b and gold[a] == gold[b]]
    diff = [story_of[a] == story_of[b] for a in paths for b in paths if a < b and gold[a] != gold[b]]
    assert sum(same) / len(same) >= 0.6
    assert sum(diff) / len(diff) <= 0.02


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(0.0, 1.0)),
                min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_corpus_cluster_average_link_depends_only_on_the_set(edges, rng):
    members = [f"a{i}" for i in range(8)]
    weights = {}
    for i, j, w in edges:
        if i != j:
            a, b = sorted((members[i], members[j]))
            weights[(a, b)] = round(w, 3)
    first = cluster.average_link(members, weights, 0.3)
    shuffled = list(members)
    rng.shuffle(shuffled)
    items = list(weights.items())
    rng.shuffle(items)
    again = cluster.average_link(shuffled, dict(items), 0.3)
    assert again == first
    assert sorted(a for c in first for a in c) == sorted(members)
    def true(a: str, b: str) -> float:  # the similarity of a pair never linked
        return (int(a[1:]) * 7 + int(b[1:]) * 7) % 10 / 20

    attached = cluster.attach_singletons(first, weights, true, 0.5, 0.3)
    assert cluster.attach_singletons(again[::-1], dict(items), true, 0.5, 0.3) == attached
    assert sorted(a for c in attached for a in c) == sorted(members)


def test_corpus_cluster_an_article_left_alone_joins_its_strongest_link():
    # a, b, c one story; d linked to a at the join threshold and never compared with b or
    # c: average link counts those pairs as 0 and leaves d alone ((0.15 + 0 + 0) / 3)
    edges = {("a", "b"): 0.6, ("a", "c"): 0.5, ("b", "c"): 0.55, ("a", "d"): 0.15,
             ("c", "e"): 0.14}
    members = ["a", "b", "c", "d", "e"]
    alone = cluster.average_link(members, edges, 0.10)
    assert alone == [["a", "b", "c"], ["d"], ["e"]]
    # compared at their true value, d's pairs with b and c make its average 0.13: it joins;
    # e's only link is under the join threshold: it stays alone
    true = {("b", "d"): 0.12, ("c", "d"): 0.12, ("a", "e"): 0.3, ("b", "e"): 0.3}
    similar = lambda x, y: true.get((min(x, y), max(x, y)), 0.0)  # noqa: E731
    assert cluster.attach_singletons(alone, edges, similar, 0.15, 0.10) == [["a", "b", "c", "d"], ["e"]]
    # a strong link to one member of a story it is otherwise unlike is not enough
    unlike = lambda x, y: 0.01  # noqa: E731
    assert cluster.attach_singletons(alone, edges, unlike, 0.15, 0.10) == alone
    # ties go to the smaller id, whatever the order the clusters and edges come in
    edges = {("a", "b"): 0.6, ("x", "y"): 0.5, ("d", "x"): 0.2, ("b", "d"): 0.2}
    clusters = [["a", "b"], ["d"], ["x", "y"]]
    like = lambda x, y: 0.2  # noqa: E731
    assert cluster.attach_singletons(clusters, edges, like, 0.15, 0.10) == [["a", "b", "d"], ["x", "y"]]
    assert cluster.attach_singletons(clusters[::-1], dict(reversed(list(edges.items()))), like,
                                     0.15, 0.10) == [["a", "b", "d"], ["x", "y"]]


def test_corpus_cluster_names_keep_the_biggest_previous_story():
    previous = {"a": "sA", "b": "sA", "c": "sC", "d": None}
    order = {k: ("9999", k) for k in previous}
    assignment, aliases = cluster.name_stories([["a", "b", "c", "d"]], previous, order)
    assert set(assignment.values()) == {"sA"}
    assert aliases == {"sC": "sA"}


def test_corpus_cluster_features_depend_on_the_article_alone():
    article = _harbour(1)
    f1, f2 = cluster.features(article), cluster.features(article)
    assert (f1.index == f2.index).all() and (f1.value == f2.value).all() and f1.keys == f2.keys
    assert abs(float((f1.value**2).sum()) - 1.0) < 1e-5
    back = cluster.Features.from_bytes(f1.to_bytes())
    assert cluster.similarity(back, f1) == pytest.approx(1.0, abs=1e-5)
    assert cluster.similarity(f1, cluster.features(_harbour(2))) > 0.5


def test_corpus_cluster_large_components_assign_new_articles_to_the_closest_story(
    tmp_path: Path, monkeypatch
):
    # every component counts as large: new articles join stories by average similarity
    monkeypatch.setattr(cluster, "MAX_RECLUSTER", 1)
    docs = _aleppo()
    with Store(tmp_path / "c.sqlite") as store:
        ingest(docs[:2] + [_harbour(1)], store)
        ingest(docs[2:] + [_harbour(2), _harbour(3)], store, batch_size=2)
        sizes = sorted(s.size for s in store.stories())
        assert sizes == [3, 5]
        harbour_story = store.article_story(_harbour(1).id)
        assert {store.article_story(_harbour(i).id) for i in (2, 3)} == {harbour_story}


def test_corpus_cluster_porter_stemmer_follows_the_published_examples():
    # examples from Porter (1980), one per step
    cases = {"caresses": "caress", "ponies": "poni", "cats": "cat", "feed": "feed",
             "agreed": "agre", "plastered": "plaster", "motoring": "motor", "hopping": "hop",
             "filing": "file", "happy": "happi", "relational": "relat", "conditional": "condit",
             "triplicate": "triplic", "hopeful": "hope", "revival": "reviv", "adoption": "adopt",
             "controll": "control", "generalizations": "gener", "tsunamis": "tsunami",
             "bombings": "bomb", "bombers": "bomber"}
    assert {w: cluster.porter_stem(w) for w in cases} == cases


def test_corpus_cluster_porter_stemmer_matches_nltk_original_on_the_word_table():
    porter = pytest.importorskip("nltk.stem.porter", reason="nltk (the eval extra) not installed")
    reference = porter.PorterStemmer(mode=porter.PorterStemmer.ORIGINAL_ALGORITHM)
    words = [w for w in cluster._log10_rarity() if len(w) >= 3]  # shorter words are never terms
    assert len(words) > 20_000
    assert [w for w in words if cluster.porter_stem(w) != reference.stem(w)] == []


def test_corpus_cluster_word_forms_of_one_story_share_terms():
    plural = Article(id="p", paragraphs=("Tsunamis struck the coasts; rescuers searched the bombed villages.",))
    singular = Article(id="s", paragraphs=("A tsunami strikes a coast and a rescuer searches a bombing site.",))
    a, b = cluster.features(plural), cluster.features(singular)
    assert cluster.similarity(a, b) > 0.5
    # the rarity of a stem is that of its commonest table word, whatever the article's form
    rarity = cluster._stem_rarity()
    assert rarity[cluster.porter_stem("bombings")] == min(
        cluster._log10_rarity()[w] for w in ("bomb", "bombs", "bombing", "bombings"))


def test_corpus_cluster_vectorised_similarities_equal_the_pairwise_ones():
    """``similarities`` (one pass, used when linking) gives ``similarity`` for each pair:
    date damping, mixed-in embeddings and an article with no terms included."""
    import numpy as np

    rng = np.random.default_rng(3)

    def feats(n_terms: int, day: int | None, embedded: bool) -> cluster.Features:
        index = np.sort(rng.choice(400, size=n_terms, replace=False)).astype(np.uint32)
        value = rng.random(n_terms).astype(np.float32)
        value /= max(float(np.linalg.norm(value)), 1e-9)
        emb = None
        if embedded:
            emb = rng.standard_normal(8).astype(np.float32)
            emb /= np.linalg.norm(emb)
        return cluster.Features(index=index, value=value, keys=(), day=day, embedding=emb)

    for embedded in (False, True):
        a = feats(60, 738000, embedded)
        others = [feats(n, day, embedded) for n, day in
                  [(50, 738000), (0, None), (80, 738000 + 400), (30, None), (120, 737000)]]
        got = cluster.similarities(a, others)
        want = [cluster.similarity(a, b) for b in others]
        assert got == pytest.approx(want, abs=1e-6)
        assert got[1] == 0.0 or embedded  # no shared terms, no similarity
        assert got[2] < cluster.similarity(a, cluster.Features(  # damped: dates 400 days apart
            index=others[2].index, value=others[2].value, keys=(), day=None,
            embedding=others[2].embedding))
    assert len(cluster.similarities(a, [])) == 0


def _unit(terms: dict[int, float], day: int | None = None) -> cluster.Features:
    index = np.array(sorted(terms), dtype=np.uint32)
    value = np.array([terms[int(i)] for i in index], dtype=np.float32)
    return cluster.Features(index=index, value=value / np.linalg.norm(value), keys=(), day=day)


def test_corpus_cluster_second_pass_merges_alike_clusters_whatever_the_order():
    # two pieces of one event (terms 1-3) and an unrelated cluster (terms 7-9)
    feats = {"a": _unit({1: 1.0, 2: 1.0}), "b": _unit({1: 1.0, 2: 0.8, 3: 0.2}),
             "c": _unit({1: 0.9, 2: 1.0, 3: 0.5}), "d": _unit({1: 1.0, 3: 1.0}),
             "x": _unit({7: 1.0, 8: 1.0}), "y": _unit({8: 1.0, 9: 1.0, 3: 0.1})}
    clusters = [["a", "b"], ["c", "d"], ["x", "y"]]
    edges = {("a", "c"): 0.3, ("b", "d"): 0.2, ("d", "y"): 0.05}
    mean_cos = lambda row: row[0]  # noqa: E731 -- the mean cosine across the pair as the probability
    got = cluster.merge_clusters(clusters, edges, feats.__getitem__, 0.5, mean_cos)
    assert got == [["a", "b", "c", "d"], ["x", "y"]]
    again = cluster.merge_clusters(clusters[::-1], dict(reversed(list(edges.items()))),
                                   feats.__getitem__, 0.5, mean_cos)
    assert again == got
    # a cut above every pair's probability leaves the first pass as it was
    assert cluster.merge_clusters(clusters, edges, feats.__getitem__, 0.99, mean_cos) == sorted(clusters)


def test_corpus_cluster_merge_features_are_exact_means_and_symmetric():
    fa, fb, fc = _unit({1: 1.0, 2: 1.0}, 10), _unit({1: 1.0}, 12), _unit({2: 1.0, 5: 1.0}, 400)
    a = cluster.Group.of(["a", "b"], [fa, fb])
    b = cluster.Group.of(["c"], [fc])
    row = cluster.merge_features(a, b, [0.4])
    pairwise = (cluster.similarity(fa, fc) + cluster.similarity(fb, fc)) / 2
    # the undamped mean over the two cross pairs (the dates are 388 days apart)
    raw = (float(np.dot(fa.value[1:], fc.value[:1])) + 0.0) / 2
    assert row[0] == pytest.approx(raw) and pairwise < raw
    assert row[2] == 0.4 and row[3] == 0.5
    assert cluster.merge_features(b, a, [0.4])[:4] == pytest.approx(row[:4])


@pytest.mark.slow
def test_corpus_cluster_second_pass_same_stories_whatever_the_order_and_batching(tmp_path: Path,
                                                                                 monkeypatch):
    monkeypatch.setattr(cluster, "MERGE_CUT", 0.5)  # loose enough that it merges here
    docs, _ = _small_real_subset()
    partitions = set()
    for seed, batch in [(0, 1000), (1, 1000), (2, 7)]:
        order = list(docs)
        random.Random(seed).shuffle(order)
        with Store(tmp_path / f"m{seed}.sqlite") as store:
            ingest(order, store, batch_size=batch, settings=cluster.Settings(merge=True))
            partitions.add(_partition(store))
    with Store(tmp_path / "off.sqlite") as store:
        ingest(docs, store, batch_size=1000)
        first_pass = _partition(store)
    assert len(partitions) == 1
    (merged,) = partitions
    assert len(merged) <= len(first_pass)
