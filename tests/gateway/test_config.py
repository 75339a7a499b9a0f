"""Settings come from the environment exactly as the README's table says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.config import DEFAULT_BASE_URL, ConfigError, Settings


def test_defaults_serve_the_demo() -> None:
    settings = Settings.from_env({})
    assert settings.demo
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.rate_limit == 40
    assert settings.body_timeout == 10
    assert settings.secrets == ()
    assert (settings.max_upstream_calls, settings.max_fields) == (100, 20_000)


def test_credentials_base_url_and_rate_limit() -> None:
    settings = Settings.from_env(
        {
            "TMDB_READ_ACCESS_TOKEN": "token",
            "TMDB_API_KEY": "key",
            "TMDB_BASE_URL": "http://127.0.0.1:8001/3/",
            "TMDBFUSION_RATE_LIMIT": "0",
            "TMDBFUSION_CACHE_MB": "64",
            "TMDBFUSION_BODY_TIMEOUT": "0.5",
        }
    )
    assert not settings.demo
    assert settings.base_url == "http://127.0.0.1:8001/3"
    assert settings.rate_limit == 0
    assert settings.cache_bytes == 64 * 1024 * 1024
    assert settings.body_timeout == 0.5
    assert set(settings.secrets) == {"token", "key"}


def test_empty_credentials_count_as_unset() -> None:
    assert Settings.from_env({"TMDB_API_KEY": "", "TMDB_READ_ACCESS_TOKEN": ""}).demo


def test_repr_never_shows_a_credential() -> None:
    text = repr(Settings.from_env({"TMDB_API_KEY": "v3-secret", "TMDB_READ_ACCESS_TOKEN": "t0k"}))
    assert "v3-secret" not in text
    assert "t0k" not in text


def test_the_response_cache_size_defaults_to_64_mb_and_zero_turns_it_off() -> None:
    assert Settings.from_env({}).response_cache_bytes == 64 * 1024 * 1024
    assert Settings.from_env({"TMDBFUSION_RESPONSE_CACHE_MB": "8"}).response_cache_bytes == (
        8 * 1024 * 1024
    )
    assert Settings.from_env({"TMDBFUSION_RESPONSE_CACHE_MB": "0"}).response_cache_bytes == 0
    with pytest.raises(ValueError, match="TMDBFUSION_RESPONSE_CACHE_MB must be a whole number"):
        Settings.from_env({"TMDBFUSION_RESPONSE_CACHE_MB": "1.5"})


def test_the_cost_budget() -> None:
    settings = Settings.from_env(
        {"TMDBFUSION_MAX_UPSTREAM_CALLS": "250", "TMDBFUSION_MAX_FIELDS": "5000"}
    )
    assert (settings.max_upstream_calls, settings.max_fields) == (250, 5_000)


def test_the_deadline_defaults_to_ten_seconds_and_zero_turns_it_off() -> None:
    assert Settings.from_env({}).deadline == 10
    assert Settings.from_env({"TMDBFUSION_DEADLINE": "2.5"}).deadline == 2.5
    assert Settings.from_env({"TMDBFUSION_DEADLINE": "0"}).deadline is None
    with pytest.raises(ValueError, match="TMDBFUSION_DEADLINE"):
        Settings.from_env({"TMDBFUSION_DEADLINE": "-1"})


def test_the_fault_settings_and_their_defaults() -> None:
    defaults = Settings.from_env({})
    assert (defaults.retries, defaults.retry_base, defaults.retry_cap) == (2, 0.2, 2.0)
    assert (defaults.breaker_failures, defaults.breaker_cooldown) == (5, 10.0)
    assert defaults.max_in_flight == 20
    assert (defaults.workers, defaults.redis_url) == (1, None)
    settings = Settings.from_env(
        {
            "TMDBFUSION_RETRIES": "0",
            "TMDBFUSION_RETRY_BASE": "0.5",
            "TMDBFUSION_RETRY_CAP": "4",
            "TMDBFUSION_BREAKER_FAILURES": "3",
            "TMDBFUSION_BREAKER_COOLDOWN": "30",
            "TMDBFUSION_MAX_IN_FLIGHT": "8",
        }
    )
    assert (settings.retries, settings.retry_base, settings.retry_cap) == (0, 0.5, 4.0)
    assert (settings.breaker_failures, settings.breaker_cooldown) == (3, 30.0)
    assert settings.max_in_flight == 8


REDIS = "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(
    ("env", "rate", "in_flight"),
    [
        pytest.param({}, 40, 20, id="one-process"),
        pytest.param({"TMDBFUSION_WORKERS": "4"}, 10, 5, id="four-workers"),
        pytest.param({"TMDBFUSION_WORKERS": "3"}, 40 / 3, 6, id="three-workers"),
        pytest.param(
            {"TMDBFUSION_WORKERS": "40", "TMDBFUSION_MAX_IN_FLIGHT": "20"}, 1, 1, id="many"
        ),
        pytest.param(
            {"TMDBFUSION_WORKERS": "2", "TMDBFUSION_MAX_IN_FLIGHT": "0"}, 20, 0, id="no-cap"
        ),
        pytest.param(
            {"TMDBFUSION_WORKERS": "4", "TMDBFUSION_REDIS_URL": REDIS, "TMDB_API_KEY": "k"},
            40,
            5,
            id="redis-shares-the-rate",
        ),
        # The demo has no credential to key a shared budget by: its workers divide the limit.
        pytest.param(
            {"TMDBFUSION_WORKERS": "4", "TMDBFUSION_REDIS_URL": REDIS}, 10, 5, id="redis-demo"
        ),
    ],
)
def test_workers_divide_the_budget_unless_redis_shares_it(
    env: dict[str, str], rate: float, in_flight: int
) -> None:
    settings = Settings.from_env(env)
    assert settings.process_rate_limit == pytest.approx(rate)
    assert settings.process_max_in_flight == in_flight


def test_workers_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="TMDBFUSION_WORKERS"):
        Settings.from_env({"TMDBFUSION_WORKERS": "0"})


def test_redis_and_negative_caching_settings() -> None:
    defaults = Settings.from_env({})
    assert defaults.redis_url is None
    assert defaults.redis_timeout == 0.05
    assert defaults.negative_ttl == 60

    settings = Settings.from_env(
        {
            "TMDB_READ_ACCESS_TOKEN": "token",
            "TMDBFUSION_REDIS_URL": "redis://:s%40cret@cache:6380/2",
            "TMDBFUSION_REDIS_TIMEOUT": "0.2",
            "TMDBFUSION_NEGATIVE_TTL": "0",
        }
    )
    assert settings.redis_url == "redis://:s%40cret@cache:6380/2"
    assert settings.redis_timeout == 0.2
    assert settings.negative_ttl == 0
    # The Redis password, as written and as sent, is redacted like a credential.
    assert set(settings.secrets) == {"token", "s%40cret", "s@cret"}
    assert "s%40cret" not in repr(settings)


def test_every_setting_is_in_the_readme_and_every_readme_setting_is_read() -> None:
    root = Path(__file__).parents[2]
    read = set(re.findall(r'"(TMDBFUSION_\w+)"', (root / "gateway" / "config.py").read_text()))
    rows = re.findall(r"^\| `(TMDBFUSION_\w+)` \|", (root / "README.md").read_text(), re.M)

    assert len(rows) == len(set(rows)), "a setting has two rows"
    assert set(rows) == read


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "TMDBFUSION_RATE_LIMIT",
            "abc",
            "TMDBFUSION_RATE_LIMIT must be a number of requests per second, 0 or more; got 'abc'",
        ),
        (
            "TMDBFUSION_RATE_LIMIT",
            "nan",
            "TMDBFUSION_RATE_LIMIT must be a number of requests per second, 0 or more; got 'nan'",
        ),
        (
            "TMDBFUSION_CACHE_TTL",
            "-5",
            "TMDBFUSION_CACHE_TTL must be a number of seconds, 0 or more; got '-5'",
        ),
        (
            "TMDBFUSION_CACHE_SIZE",
            "1.5",
            "TMDBFUSION_CACHE_SIZE must be a whole number of entities, 0 or more; got '1.5'",
        ),
        (
            "TMDBFUSION_CACHE_MB",
            "lots",
            "TMDBFUSION_CACHE_MB must be a whole number of megabytes, 0 or more; got 'lots'",
        ),
        (
            "TMDBFUSION_BODY_TIMEOUT",
            "0",
            "TMDBFUSION_BODY_TIMEOUT must be a number of seconds, at least 0.001; got '0'",
        ),
        (
            "TMDBFUSION_MAX_UPSTREAM_CALLS",
            "0",
            "TMDBFUSION_MAX_UPSTREAM_CALLS must be a whole number of TMDB requests, at least 1; "
            "got '0'",
        ),
        (
            "TMDBFUSION_MAX_FIELDS",
            "inf",
            "TMDBFUSION_MAX_FIELDS must be a whole number of fields, at least 1; got 'inf'",
        ),
        (
            "TMDB_BASE_URL",
            "https://user:pass@",
            "TMDB_BASE_URL must be an http:// or https:// URL, such as https://api.themoviedb.org/3",
        ),
    ],
)
def test_a_malformed_setting_is_one_error_naming_it(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({name: value})

    assert str(caught.value) == message


@pytest.mark.parametrize("name", ["TMDB_READ_ACCESS_TOKEN", "TMDB_API_KEY"])
@pytest.mark.parametrize("value", ["t0ken\n", " t0ken", "t0 ken", "t0ken\x00"])
def test_a_malformed_credential_is_named_but_never_echoed(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({name: value})

    assert str(caught.value) == f"{name} has a space, a line break or a control character in it"
    assert "t0" not in str(caught.value)


def test_an_empty_setting_counts_as_unset() -> None:
    names = ["TMDBFUSION_RATE_LIMIT", "TMDBFUSION_CACHE_SIZE", "TMDB_BASE_URL"]
    settings = Settings.from_env(dict.fromkeys(names, ""))

    assert (settings.rate_limit, settings.cache_size) == (40, 10_000)
    assert settings.base_url == DEFAULT_BASE_URL
