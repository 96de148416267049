"""Duplicates and reprints fold into one article that keeps every outlet and url."""

from __future__ import annotations

import itertools
from pathlib import Path

from storyweave.clean import clean
from storyweave.corpus import Store, dedupe, ingest
from storyweave.records import Article, RawDocument, content_id

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"


def _sample(name: str = "003_8ea882a09b392353.txt") -> Article:
    doc = RawDocument(path=str(EXAMPLES / name), content=(EXAMPLES / name).read_text(encoding="utf-8"))
    article = clean(doc)
    assert isinstance(article, Article)
    return article


def _variant(article: Article, paragraphs: tuple[str, ...], **meta: str | None) -> Article:
    text = "\n".join(paragraphs)
    fields = {"title": article.title, "published": article.published} | meta
    return Article(id=content_id(text), paragraphs=paragraphs, **fields)


def test_corpus_dedupe_near_duplicate_folds_and_keeps_every_outlet_and_url(tmp_path: Path):
    original = _sample()
    a = _variant(original, original.paragraphs, outlet="Inquisitr", url="https://a.example/1",
                 path="a.html")
    # the same wire copy elsewhere: a byline line added, the closing paragraph cut
    b = _variant(original, ("By Staff Writer, Wire Service",) + original.paragraphs[:-1],
                 outlet="Daily Planet", url="https://b.example/9", path="b.html")
    assert a.id != b.id
    assert dedupe.similarity(dedupe.signature(a.text), dedupe.signature(b.text)) >= dedupe.NEAR_DUPLICATE
    with Store(tmp_path / "c.sqlite") as store:
        report = ingest([a, b], store)
        assert (report.added, report.duplicates) == (1, 1)
        (story,) = store.stories()
        assert story.size == 1
        assert set(story.outlets) == {"Inquisitr", "Daily Planet"}
        assert set(story.urls) == {"https://a.example/1", "https://b.example/9"}
        kept = story.article_ids[0]
        kinds = {c["url"]: c["kind"] for c in store.copies(kept)}
        assert sorted(kinds.values()) == ["near", "original"]


def test_corpus_dedupe_reprint_naming_its_origin_is_the_same_article(tmp_path: Path):
    original = _sample("001_4505a0e3cb645be6.txt")
    first = _variant(original, original.paragraphs, outlet="Press TV", url="https://p.example/x")
    # a trimmed reprint: only the first two thirds, with the credit line the cleaner reads
    keep = original.paragraphs[: max(2, 2 * len(original.paragraphs) // 3)]
    raw = RawDocument(
        path="reprint.txt",
        content="\n\n".join(keep + ("Reprinted with permission from Press TV.",)),
    )
    reprint = clean(raw)
    assert isinstance(reprint, Article) and reprint.syndicated_from
    sim = dedupe.similarity(dedupe.signature(first.text), dedupe.signature(reprint.text))
    assert dedupe.REPRINT <= sim < dedupe.NEAR_DUPLICATE  # folded only because it names its origin
    with Store(tmp_path / "c.sqlite") as store:
        report = ingest([first, reprint], store)
        assert (report.added, report.duplicates) == (1, 1)
        copies = store.copies(first.id)
        assert {c["path"] for c in copies} == {None, "reprint.txt"}
        assert any(c["syndicated_from"] for c in copies)
    # the same trimmed text without the credit line is a different article
    plain = _variant(original, keep)
    with Store(tmp_path / "d.sqlite") as store:
        report = ingest([first, plain], store)
        assert (report.added, report.duplicates) == (2, 0)


def test_corpus_dedupe_distinct_reports_of_one_event_are_not_folded(tmp_path: Path):
    with Store(tmp_path / "c.sqlite") as store:
        report = ingest([EXAMPLES], store)
        assert (report.added, report.duplicates) == (5, 0)


def test_corpus_dedupe_folding_does_not_depend_on_order(tmp_path: Path):
    original = _sample()
    copies = [
        _variant(original, original.paragraphs, outlet="A", url="https://a.example"),
        _variant(original, original.paragraphs[:-1], outlet="B", url="https://b.example"),
        _variant(original, ("Updated.",) + original.paragraphs, outlet="C", url="https://c.example"),
        _sample("002_49603202833be986.txt"),
    ]
    results = set()
    for i, order in enumerate(itertools.permutations(copies)):
        if i % 5:
            continue
        with Store(tmp_path / f"c{i}.sqlite") as store:
            ingest(list(order), store)
            kept = tuple(sorted(store.partition()))
            outlets = tuple(sorted(o for s in store.stories() for o in s.outlets))
            results.add((kept, outlets))
    assert len(results) == 1
    (kept, outlets), = results
    assert len(kept) == 2 and outlets.count("A") == 1 and {"A", "B", "C"} <= set(outlets)


def test_corpus_dedupe_signature_is_deterministic_and_banded():
    text = _sample().text
    sig = dedupe.signature(text)
    assert sig.shape == (dedupe.NUM_PERM,) and (sig == dedupe.signature(text)).all()
    assert len(dedupe.band_keys(sig)) == dedupe.BANDS
    assert dedupe.similarity(sig, dedupe.signature("something else entirely, about cats")) < 0.1
