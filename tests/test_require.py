"""A test needing a program skips without it, visibly, except under TMDBFUSION_NO_SKIP=1 (CI)."""

from __future__ import annotations

import pytest

from tests.helpers import NO_SKIP, program, require


def test_a_missing_program_skips_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_SKIP, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-program not installed: apt-get"):
        program("no-such-program", "apt-get install -y no-such-program")


def test_under_no_skip_a_missing_program_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_SKIP, "1")
    with pytest.raises(pytest.fail.Exception, match="no-such-program not installed"):
        program("no-such-program", "apt-get install -y no-such-program")


def test_a_met_condition_neither_skips_nor_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_SKIP, "1")
    require(True, "never shown")
    assert program("sh", "it is POSIX").endswith("/sh")
