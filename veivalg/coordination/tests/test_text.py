"""Norwegian normalisation: inflections and compounds meet, function words are ignored."""

from __future__ import annotations

from veivalg.coordination.similarity import Doc, RelatedIndex, Weights
from veivalg.coordination.text import features, fold, stem, words


def test_definite_and_plural_forms_share_a_stem() -> None:
    assert stem("skolen") == stem("skole") == stem("skolene") == "skol"
    assert stem("barnehagen") == stem("barnehager") == stem("barnehage")
    assert stem("kantinen") == stem("kantine")
    assert stem("ledere") == "leder"


def test_short_words_keep_their_stem() -> None:
    assert stem("hall") == "hall"
    assert stem("app") == "app"
    assert stem("ny") == "ny"


def test_genitive_s_is_removed_after_a_consonant_only() -> None:
    assert stem("kommunens") == stem("kommunen")
    assert stem("hus") == "hus"


def test_folding_keeps_norwegian_letters_and_removes_other_accents() -> None:
    assert fold("Møterom på Oksenøya, Blåbær, Café") == "møterom på oksenøya, blåbær, cafe"


def test_function_words_and_numbers_are_dropped() -> None:
    assert words("Utvikling av ledere i 2026 og for skolen") == ["utvikling", "leder", "skol"]


def test_a_compound_shares_features_with_its_parts() -> None:
    compound = set(features("lederutvikling"))
    phrase = set(features("utvikling av ledere"))
    unrelated = set(features("vannmålere med fjernavlesning"))
    assert len(compound & phrase) > 3 * len(compound & unrelated)


def _rank(query: str, texts: list[str]) -> list[int]:
    docs = [Doc(key=i, text=t) for i, t in enumerate(texts)]
    index = RelatedIndex(docs)
    return [m.key for m in index.query(Doc(key=-1, text=query), weights=Weights.text())]


def test_lederutvikling_finds_utvikling_av_ledere_first() -> None:
    texts = [
        "Vannmålere med fjernavlesning i alle boliger",
        "Utvikling av ledere i barnehagene",
        "Ny brøyteplan for kommunale veier",
        "Digital søknad om skjenkebevilling",
    ]
    assert _rank("Lederutvikling", texts)[0] == 1


def test_skolen_finds_skole_and_skolene() -> None:
    texts = ["Ny gymsal ved skolene i kommunen", "Hundeluftegård i sentrum", "Skole"]
    ranked = _rank("skolen", texts)
    assert set(ranked[:2]) == {0, 2}
    assert 1 not in ranked
