"""Strings bound for TMDB are checked against TMDB's forms (schema/inputs.py)."""

from __future__ import annotations

import pytest

from schema import inputs
from schema.errors import BadInputError


@pytest.mark.parametrize("value", ["de", "pt-BR", "en-US", "zh-CN"])
def test_tmdb_languages_pass(value: str) -> None:
    assert inputs.language(value) == value
    assert inputs.is_language(value)


@pytest.mark.parametrize("value", [None, ""])
def test_no_language_means_tmdbs_default(value: str | None) -> None:
    assert inputs.language(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "../../account",
        "en&api_key=x",
        "x" * 60_000,
        "EN",
        "en-us",
        "eng",
        "en_US",
        "de\n",
        "pt-BR ",
    ],
)
def test_anything_else_is_bad_input(value: str) -> None:
    assert not inputs.is_language(value)
    with pytest.raises(BadInputError) as raised:
        inputs.language(value)
    assert len(str(raised.value)) < 200  # a 60 KB value is not echoed back


@pytest.mark.parametrize(("value", "ok"), [("US", True), ("us", False), ("USA", False)])
def test_regions(value: str, ok: bool) -> None:
    if ok:
        assert inputs.region(value) == value
    else:
        with pytest.raises(BadInputError):
            inputs.region(value)
