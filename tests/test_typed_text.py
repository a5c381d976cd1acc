"""typed.kept_text (the C-speed path for printable text, used on every text cell a write
remembers) against the plain character-by-character reference, kept_text_plain."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync import typed


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_kept_text_equals_the_plain_reference(text: str) -> None:
    assert typed.kept_text(text) == typed.kept_text_plain(text)


@given(st.text(max_size=5), st.sampled_from(["\r\n", "\r", "\x00", "\u00a0", "\u200b", "\ue000"]))
def test_text_with_what_a_file_drops_takes_the_plain_way(text: str, odd: str) -> None:
    assert typed.kept_text(text + odd + text) == typed.kept_text_plain(text + odd + text)


def test_what_a_person_sees() -> None:
    assert typed.comparable("  promo  ") == "promo"
    assert typed.comparable("   ") is None
    assert typed.comparable("line\r\nnext\x07") == "line\nnext"
    assert typed.comparable("x" * 40_000) == "x" * typed.CELL_LIMIT
