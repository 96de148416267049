"""Duplicates and syndication: exact copies by content id, near copies by MinHash with LSH.

A near-duplicate is an article whose word 5-shingles overlap another's with an
estimated Jaccard similarity of at least ``NEAR_DUPLICATE``; a reprint (the cleaner
sets ``Article.syndicated_from`` when it says "Reprinted with permission from ...")
needs only ``REPRINT``, since reprints are often trimmed or carry an extra paragraph.
Both are folded into the article already stored, which keeps every outlet and url
that carried it (the ``copies`` table). The LSH buckets live in the store, so a
duplicate is found whichever run stored the original.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..records import Article, normalize

#: MinHash size; 128 permutations estimate a Jaccard similarity to about +-0.04.
NUM_PERM = 128
#: LSH banding: 32 bands of 4 rows catch a pair at Jaccard 0.8 with probability ~1.0 and
#: at 0.5 with 0.87 (so reprints are found), at 0.3 with only 0.23 (few wasted checks).
BANDS, ROWS = 32, 4
#: Shingle length in words: 5-word shingles rarely repeat across different articles.
SHINGLE = 5
#: Estimated Jaccard above which two articles are copies of one (wire copy with a
#: different headline, byline or closing line stays above 0.8 on articles of 200+ words).
NEAR_DUPLICATE = 0.8
#: The same for an article that names its origin (a declared reprint).
REPRINT = 0.5

_WORDS = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1).permutations


def shingles(text: str) -> list[bytes]:
    """The word 5-shingles of an article's text, case and punctuation folded."""
    words = _WORDS.findall(normalize(text).lower())
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else [b""]
    return list({" ".join(words[i : i + SHINGLE]).encode("utf-8")
                 for i in range(len(words) - SHINGLE + 1)})


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of ``text``'s shingles."""
    from datasketch import MinHash

    # crc32 instead of datasketch's default sha1: a third of the cost, and shingles need
    # only a well-mixed 32-bit hash, not a cryptographic one
    mh = MinHash(num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme="affine32",
                 hashfunc=zlib.crc32)
    mh.update_batch(shingles(text))
    return np.asarray(mh.hashvalues, dtype=np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit bucket key per LSH band (band number mixed in)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def threshold(article: Article, other_is_reprint: bool = False) -> float:
    """The Jaccard needed to fold: lower when either side declares itself a reprint."""
    return REPRINT if article.syndicated_from or other_is_reprint else NEAR_DUPLICATE


@dataclass(frozen=True)
class Fingerprint:
    """What deduplication needs of an article, computable anywhere (a Dask worker too)."""

    signature: np.ndarray
    bands: tuple[int, ...]

    @classmethod
    def of(cls, article: Article) -> Fingerprint:
        sig = signature(article.text)
        return cls(signature=sig, bands=tuple(band_keys(sig)))


def best_match(
    article: Article,
    fingerprint: Fingerprint,
    candidates: Sequence[tuple[str, np.ndarray, bool]],
) -> str | None:
    """The candidate ``article`` is a copy of (highest estimated Jaccard, then smallest id).

    ``candidates`` are (id, signature, whether that article declares itself a reprint).
    """
    best: tuple[float, str] | None = None
    for cand_id, cand_sig, cand_reprint in candidates:
        if cand_id == article.id:
            return cand_id
        need = threshold(article, cand_reprint)
        sim = similarity(fingerprint.signature, cand_sig)
        if sim >= need and (best is None or (-sim, cand_id) < (-best[0], best[1])):
            best = (sim, cand_id)
    return best[1] if best else None
