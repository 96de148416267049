"""Is a text English? The one language check that ``brief``, ``facts`` and ``ingest`` apply.

Every later stage (the summariser, the entity, quote and number extractors, the
clustering) reads English, so an article in another language would come out as
nonsense; it is skipped instead, with a reason that names the language when the
identifier knows it ("not English text (looks like French)"). ``Config.any_language``
turns the check off.

The identifier is py3langid (a naive Bayes model over byte n-grams, 97 languages, a
4.5 MB model inside the PyPI package, no network). It replaced the share of English
function words (kept as ``english_share`` for callers and for the benchmark): on the
blind half of benchmarks/data/language_gold.jsonl it is right on 99.9% of the
1,446 texts against 98.9% (``benchmarks/bench_language.py``); the function-word test misses short
English items and telegraphic text (results, recipes, headlines) and takes German
with many "in", "an", "was", "will" for English. Combining the two (the function-word
share for short texts, or as a second vote) gained nothing on the tuning half.

The model is loaded the first time it is needed (about 0.8 s) and kept.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

#: The identifier reads at most this many characters, taken as evenly spaced slices
#: of the whole text rather than its start, so a page that opens with a block of
#: English server warnings or menus is judged by its body. Chosen on the tuning half
#: of the language gold (benchmarks/bench_language.py --tune): four slices of 500
#: characters were as accurate as the whole text (1447 of 1447; the first 2,000
#: characters alone: 1439) at a fifth of its cost and a bounded one.
MAX_CHARS = 2000
_SLICES = 4

#: The reason given, the same whichever command skips the input.
NOT_ENGLISH = "not English text"

#: English names of the languages py3langid knows, for the skip reason. A code not
#: here (a rare language or dialect) gives the reason without a name.
LANGUAGE_NAMES = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bs": "Bosnian",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fo": "Faroese", "fr": "French", "fy": "Frisian", "ga": "Irish",
    "gd": "Scottish Gaelic", "gl": "Galician", "gu": "Gujarati", "ha": "Hausa",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese",
    "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
    "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese",
    "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian", "no": "Norwegian",
    "oc": "Occitan", "or": "Odia", "pa": "Punjabi", "pcm": "Nigerian Pidgin",
    "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua",
    "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit",
    "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "so": "Somali",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "tg": "Tajik", "th": "Thai", "tk": "Turkmen",
    "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
    "xh": "Xhosa", "yo": "Yoruba", "yue": "Cantonese", "zh": "Chinese", "zu": "Zulu",
}

_LETTER = re.compile(r"[^\W\d_]")
_lock = threading.Lock()
_identifier: Any = None


@dataclass(frozen=True)
class LanguageGuess:
    """What the identifier made of one text.

    Attributes:
        code: the language code (ISO 639-1 where there is one), ``None`` for a text
            with no letters.
        probability: the identifier's probability for ``code`` (0 to 1).
        english: whether the text counts as English.
    """

    code: str | None
    probability: float
    english: bool

    @property
    def name(self) -> str | None:
        """The language's English name, ``None`` when unknown."""
        return LANGUAGE_NAMES.get(self.code or "")


def _get_identifier() -> Any:
    """py3langid's model with normalised probabilities, loaded once (thread-safe)."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def sample_text(text: str, max_chars: int = MAX_CHARS, slices: int = _SLICES) -> str:
    """At most ``max_chars`` of ``text``: the whole when short, else evenly spaced slices."""
    if len(text) <= max_chars:
        return text
    size = max_chars // slices
    step = (len(text) - size) / (slices - 1)
    return "\n".join(text[round(i * step): round(i * step) + size] for i in range(slices))


def guess_language(text: str) -> LanguageGuess:
    """The main language of ``text`` (py3langid over a bounded sample of it).

    A text with no letters at all (numbers, punctuation) has no language and does
    not count as English.
    """
    if not _LETTER.search(text):
        return LanguageGuess(None, 0.0, False)
    code, probability = _get_identifier().classify(sample_text(text))
    return LanguageGuess(str(code), float(probability), code == "en")


def language_problem(text: str) -> str | None:
    """``None`` when ``text`` is English, else the one-line skip reason.

    The reason names the language when it is known: "not English text (looks like
    French)".
    """
    guess = guess_language(text)
    if guess.english:
        return None
    return f"{NOT_ENGLISH} (looks like {guess.name})" if guess.name else NOT_ENGLISH
