"""Norwegian text normalisation for finding related initiatives (no Django import).

Short bokmål texts are full of compound words and inflections: «lederutvikling» and
«utvikling av ledere», «skolen» and «skole». The pipeline here makes them meet:

1. lower case, Unicode NFC, accents removed except on æ, ø and å;
2. words are runs of letters and digits; pure numbers (years, amounts) and a small list of
   Norwegian function words are dropped;
3. each word loses a common inflection suffix (a light version of the Snowball Norwegian
   stemmer's first step: «-ene», «-en», «-et», «-er», «-ane», «-heten» …, only in the
   word's R1 region so that short stems survive);
4. each stemmed word becomes character n-grams of 3 to 5 letters inside its own boundaries
   (``" leder "`` → ``" le"``, ``"led"``, … ``"leder "``). A compound shares most of its
   n-grams with its parts, so «lederutvikling» meets «leder» and «utvikling» without a
   dictionary of compounds.

``features(text)`` returns the weighted features of one text. Results per word are cached,
because the same words recur across thousands of initiatives.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

VOWELS = frozenset("aeiouyæøå")

# Function words that carry no meaning on their own (bokmål, with a few nynorsk forms).
STOPWORDS = frozenset(
    """
    og i på for til av med som det den de dei en ei et er at å ikke ikkje vi har fra frå skal
    kan om så eller men også òg ved seg sin sine sitt der da nå hva kva hvor kor når være vere
    blir ble var bli må mer mest mange flere fleire alle hver både enn etter over under uten
    utan mellom mot inn ut opp ned dette disse denne dei hans hennes deres vår våre vårt oss dem
    du jeg meg deg han hun man noe noen nok slik selv samme få gir gi går gjør gjøre ha hatt
    sitt sine bare kun per pr dag dagens ny nye nytt ønsker ønsker ønsket bør vil ville skulle
    kunne måtte mye lite godt god gode bedre best stor store større
    """.split()
)

# Suffixes of the Snowball Norwegian stemmer's step 1 (longest first), plus «-ane»/«-ar»
# forms common in nynorsk texts. Removed only inside R1.
SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            "hetenes",
            "hetene",
            "hetens",
            "heten",
            "heter",
            "endes",
            "ande",
            "ende",
            "edes",
            "enes",
            "erte",
            "ede",
            "ane",
            "ene",
            "ens",
            "ers",
            "ets",
            "het",
            "ast",
            "ert",
            "en",
            "ar",
            "er",
            "as",
            "es",
            "et",
            "a",
            "e",
        },
        key=len,
        reverse=True,
    )
)
# A final «s» goes only after these letters (genitive: «skolens» → «skolen» → «skol»).
S_ENDINGS = frozenset("bcdfghjlmnoprtvyz")

WORD = re.compile(r"[0-9a-zæøå]+")
NGRAM_SIZES = (3, 4, 5)


def fold(text: str) -> str:
    """Lower case, NFC, with accents removed except on the Norwegian letters æ, ø and å."""
    text = unicodedata.normalize("NFC", text.lower())
    out = []
    for char in text:
        if char in "æøå" or char.isascii():
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        out.append(base if base.isascii() else char)
    return "".join(out)


def r1_start(word: str) -> int:
    """Start of the R1 region: after the first non-vowel that follows a vowel, at least 3."""
    for index in range(1, len(word)):
        if word[index] not in VOWELS and word[index - 1] in VOWELS:
            return max(index + 1, 3)
    return len(word)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Remove one common inflection suffix: «skolen» → «skol», «ledere» → «leder»."""
    start = r1_start(word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= start:
            return word[: -len(suffix)]
    if word.endswith("s") and len(word) - 1 >= start and len(word) > 1:
        before = word[-2]
        if before in S_ENDINGS or (before == "k" and len(word) > 2 and word[-3] not in VOWELS):
            return word[:-1]
    if word.endswith(("dt", "vt")) and len(word) - 1 >= start:
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The meaningful, stemmed words of ``text``."""
    result = []
    for word in WORD.findall(fold(text)):
        if word.isdigit() or word in STOPWORDS or len(word) < 2:
            continue
        result.append(stem(word))
    return result


@lru_cache(maxsize=65536)
def word_features(word: str) -> tuple[str, ...]:
    """The character n-grams of one stemmed word (within its boundaries) and the word."""
    padded = f" {word} "
    grams: list[str] = []
    for size in NGRAM_SIZES:
        if len(padded) < size:
            continue
        grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    grams.append("w:" + word)
    return tuple(grams)


def features(text: str) -> Counter[str]:
    """Feature counts of ``text``: character n-grams of its stemmed words, and the words."""
    counts: Counter[str] = Counter()
    for word in words(text):
        counts.update(word_features(word))
    return counts


def word_counts(text: str) -> Counter[str]:
    """Only the stemmed words (the word-level method the bench compares against)."""
    return Counter("w:" + w for w in words(text))


def raw_char_counts(text: str) -> Counter[str]:
    """Character n-grams of the lower-cased words without stemming or stopwords (the bench's
    baseline, to show what the Norwegian normalisation adds)."""
    counts: Counter[str] = Counter()
    for word in WORD.findall(text.lower()):
        padded = f" {word} "
        for size in NGRAM_SIZES:
            counts.update(padded[i : i + size] for i in range(len(padded) - size + 1))
    return counts
