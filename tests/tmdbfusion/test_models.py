"""Fidelity: every real TMDB body and every example response of TMDB's OpenAPI spec decodes
into its Struct, and every value a Struct declares comes out equal to the JSON's.

Real bodies send nulls, blank strings, numbers as strings and integers past 2^31 where the spec
promises otherwise; the Structs must take all of them, decoded as the clients decode
(``strict=False``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest

from tests.helpers import FIXTURES
from tmdbfusion import models

# TMDB's example response for each covered operation, extracted from its OpenAPI spec
# (provenance in tests/fixtures/openapi/PROVENANCE.txt).
OPENAPI = Path(__file__).resolve().parents[1] / "fixtures" / "openapi"
EXAMPLES_FILE = OPENAPI / "openapi_examples.json"
INT32_MAX = 2**31 - 1

# The result type of every GET operation the library covers, by the spec's operationId.
OPERATIONS: dict[str, Any] = {
    "certification-movie-list": models.Certifications,
    "certifications-tv-list": models.Certifications,
    "changes-movie-list": models.ChangesPage,
    "changes-people-list": models.ChangesPage,
    "changes-tv-list": models.ChangesPage,
    "collection-details": models.Collection,
    "collection-images": models.Images,
    "collection-translations": models.Translations,
    "company-details": models.Company,
    "company-alternative-names": models.AlternativeNames,
    "company-images": models.Images,
    "configuration-details": models.Configuration,
    "configuration-countries": list[models.Country],
    "configuration-jobs": list[models.Department],
    "configuration-languages": list[models.Language],
    "configuration-primary-translations": list[str],
    "configuration-timezones": list[models.Timezone],
    "credit-details": models.Credit,
    "discover-movie": models.MoviePage,
    "discover-tv": models.TVSeriesPage,
    "find-by-id": models.FindResults,
    "genre-movie-list": models.GenreList,
    "genre-tv-list": models.GenreList,
    "keyword-details": models.Keyword,
    "keyword-movies": models.MoviePage,
    "list-check-item-status": models.ListItemStatus,
    "list-details": models.ListDetails,
    "movie-now-playing-list": models.DatedMoviePage,
    "movie-popular-list": models.MoviePage,
    "movie-top-rated-list": models.MoviePage,
    "movie-upcoming-list": models.DatedMoviePage,
    "movie-details": models.Movie,
    "movie-alternative-titles": models.MovieAlternativeTitles,
    "movie-changes": models.Changes,
    "movie-credits": models.Credits,
    "movie-external-ids": models.MovieExternalIds,
    "movie-images": models.Images,
    "movie-keywords": models.MovieKeywords,
    "movie-latest-id": models.Movie,
    "movie-lists": models.ListsPage,
    "movie-recommendations": models.MoviePage,
    "movie-release-dates": models.ReleaseDates,
    "movie-reviews": models.ReviewPage,
    "movie-similar": models.MoviePage,
    "movie-translations": models.Translations,
    "movie-videos": models.Videos,
    "movie-watch-providers": models.WatchProviders,
    "network-details": models.Network,
    "details-copy": models.AlternativeNames,
    "alternative-names-copy": models.Images,
    "person-popular-list": models.PersonPage,
    "person-details": models.Person,
    "person-changes": models.Changes,
    "person-combined-credits": models.CombinedCredits,
    "person-external-ids": models.PersonExternalIds,
    "person-images": models.Images,
    "person-latest-id": models.Person,
    "person-movie-credits": models.PersonMovieCredits,
    "person-tv-credits": models.PersonTVCredits,
    "person-tagged-images": models.TaggedImagePage,
    "translations": models.Translations,
    "review-details": models.Review,
    "search-collection": models.CollectionPage,
    "search-company": models.CompanyPage,
    "search-keyword": models.KeywordPage,
    "search-movie": models.MoviePage,
    "search-multi": models.MultiPage,
    "search-person": models.PersonPage,
    "search-tv": models.TVSeriesPage,
    "trending-all": models.MultiPage,
    "trending-movies": models.MoviePage,
    "trending-people": models.PersonPage,
    "trending-tv": models.TVSeriesPage,
    "tv-series-airing-today-list": models.TVSeriesPage,
    "tv-series-on-the-air-list": models.TVSeriesPage,
    "tv-series-popular-list": models.TVSeriesPage,
    "tv-series-top-rated-list": models.TVSeriesPage,
    "tv-series-details": models.TVSeries,
    "tv-series-aggregate-credits": models.AggregateCredits,
    "tv-series-alternative-titles": models.TVSeriesAlternativeTitles,
    "tv-series-changes": models.Changes,
    "tv-series-content-ratings": models.ContentRatings,
    "tv-series-credits": models.Credits,
    "tv-series-episode-groups": models.EpisodeGroups,
    "tv-series-external-ids": models.TVSeriesExternalIds,
    "tv-series-images": models.Images,
    "tv-series-keywords": models.TVSeriesKeywords,
    "tv-series-latest-id": models.TVSeries,
    "lists-copy": models.ListsPage,
    "tv-series-recommendations": models.TVSeriesPage,
    "tv-series-reviews": models.ReviewPage,
    "tv-series-screened-theatrically": models.ScreenedTheatrically,
    "tv-series-similar": models.TVSeriesPage,
    "tv-series-translations": models.Translations,
    "tv-series-videos": models.Videos,
    "tv-series-watch-providers": models.WatchProviders,
    "tv-season-details": models.Season,
    "tv-season-aggregate-credits": models.AggregateCredits,
    "tv-season-changes-by-id": models.Changes,
    "tv-season-credits": models.Credits,
    "tv-season-external-ids": models.SeasonExternalIds,
    "tv-season-images": models.Images,
    "tv-season-translations": models.Translations,
    "tv-season-videos": models.Videos,
    "tv-season-watch-providers": models.WatchProviders,
    "tv-episode-details": models.Episode,
    "tv-episode-changes-by-id": models.Changes,
    "tv-episode-credits": models.EpisodeCredits,
    "tv-episode-external-ids": models.EpisodeExternalIds,
    "tv-episode-images": models.Images,
    "tv-episode-translations": models.Translations,
    "tv-episode-videos": models.Videos,
    "tv-episode-group-details": models.EpisodeGroup,
    "watch-providers-available-regions": models.WatchRegions,
    "watch-providers-movie-list": models.WatchProviderList,
    "watch-provider-tv-list": models.WatchProviderList,
}

# The Struct each recorded body decodes into, by file-name prefix (the part before "__").
BODIES: dict[str, Any] = {
    "collection": models.Collection,
    "company": models.Company,
    "company_images": models.Images,
    "configuration": models.Configuration,
    "credit": models.Credit,
    "discover_movie": models.MoviePage,
    "error_401_invalid_api_key": models.ErrorResponse,
    "error_404_not_found": models.ErrorResponse,
    "error_422_validation": models.ErrorResponse,
    "error_429_rate_limit": models.ErrorResponse,
    "find": models.FindResults,
    "genre_movie_list": models.GenreList,
    "genre_tv_list": models.GenreList,
    "keyword": models.Keyword,
    "keyword_movies": models.MoviePage,
    "movie_credits": models.Credits,
    "movie_details": models.Movie,
    "movie_details_append": models.Movie,
    "movie_external_ids": models.MovieExternalIds,
    "movie_images": models.Images,
    "movie_keywords": models.MovieKeywords,
    "movie_lists": models.ListsPage,
    "movie_now_playing": models.DatedMoviePage,
    "movie_popular": models.MoviePage,
    "movie_recommendations": models.MoviePage,
    "movie_release_dates": models.ReleaseDates,
    "movie_releases": models.Releases,
    "movie_reviews": models.ReviewPage,
    "movie_similar": models.MoviePage,
    "movie_top_rated": models.MoviePage,
    "movie_upcoming": models.DatedMoviePage,
    "movie_videos": models.Videos,
    "movie_watch_providers": models.WatchProviders,
    "network": models.Network,
    "person_combined_credits": models.CombinedCredits,
    "person_details": models.Person,
    "person_details_append": models.Person,
    "person_popular": models.PersonPage,
    "review": models.Review,
    "search_movie": models.MoviePage,
    "search_multi": models.MultiPage,
    "search_person": models.PersonPage,
    "search_tv": models.TVSeriesPage,
    "trending_all": models.MultiPage,
    "trending_movie": models.MoviePage,
    "trending_person": models.PersonPage,
    "tv_content_ratings": models.ContentRatings,
    "tv_credits": models.Credits,
    "tv_details": models.TVSeries,
    "tv_details_append": models.TVSeries,
    "tv_episode": models.Episode,
    "tv_episode_append": models.Episode,
    "tv_episode_group": models.EpisodeGroup,
    "tv_popular": models.TVSeriesPage,
    "tv_season": models.Season,
    "tv_season_append": models.Season,
    "tv_similar": models.TVSeriesPage,
    "watch_providers_movie": models.WatchProviderList,
    "watch_providers_regions": models.WatchRegions,
}

# The parts each body with appended parts was requested with (its PROVENANCE row), as Struct
# fields. person 12312 also asked for "latest", which TMDB ignores.
APPENDED: dict[str, str] = {
    "movie_details_append__76.json": (
        "alternative_titles changes credits external_ids images keywords lists recommendations "
        "release_dates reviews similar translations videos watch_providers"
    ),
    "movie_details_append__8681.json": "alternative_titles",
    "person_details_append__12312.json": (
        "changes combined_credits external_ids images movie_credits translations tv_credits"
    ),
    "person_details_append__287.json": (
        "changes combined_credits external_ids images movie_credits tagged_images translations "
        "tv_credits"
    ),
    "person_details_append__33.json": "changes combined_credits images movie_credits tv_credits",
    "tv_details_append__1396.json": (
        "content_ratings credits external_ids images translations watch_providers"
    ),
    "tv_details_append__1399-leandcesar.json": (
        "aggregate_credits alternative_titles changes content_ratings credits episode_groups "
        "external_ids images keywords recommendations reviews translations videos "
        "watch_providers"
    ),
    "tv_season_append__1396-s2.json": "credits external_ids images",
    "tv_episode_append__1396-s2e1.json": "credits external_ids images translations",
}

# The spec's example for these is an empty object: it decodes, but holds no value to compare.
EMPTY_EXAMPLES = {"movie-recommendations"}

BODY_FILES = sorted(p.name for p in FIXTURES.glob("*.json"))
EXAMPLES: dict[str, list[Any]] = json.loads(EXAMPLES_FILE.read_bytes())


def body_type(name: str) -> Any:
    return BODIES[name.split("__", 1)[0]]


def decode(data: bytes, tp: Any) -> Any:
    return msgspec.json.Decoder(tp, strict=False).decode(data)


def assert_same(expected: Any, decoded: Any, path: str = "$") -> int:
    """Assert that every value the decoded object declares equals the JSON's; count them.

    Keys the Structs do not declare are skipped (msgspec ignores them). A number TMDB sent as a
    string compares by value, since lax decoding converts it.
    """
    if isinstance(expected, dict):
        assert isinstance(decoded, dict), path
        return sum(
            assert_same(value, decoded[key], f"{path}.{key}")
            for key, value in expected.items()
            if key in decoded
        )
    if isinstance(expected, list):
        assert isinstance(decoded, list), path
        assert len(decoded) == len(expected), path
        return sum(
            assert_same(e, d, f"{path}[{i}]")
            for i, (e, d) in enumerate(zip(expected, decoded, strict=True))
        )
    if isinstance(expected, str) and type(decoded) in (int, float):
        assert float(expected) == decoded, path
    else:
        assert expected == decoded, path
        assert type(expected) is type(decoded) or {type(expected), type(decoded)} == {int, float}
    return 1


def undeclared(value: Any, info: mi.Type) -> Iterator[str]:
    """Every key of a JSON value that its Struct does not declare, as ``Struct.key``."""
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        options: list[mi.Type] = [t for t in info.types if not isinstance(t, mi.NoneType)]
        if isinstance(value, dict):
            structs = [t for t in options if isinstance(t, mi.StructType)]
            if len(structs) > 1:  # a union tagged by media_type
                structs = [t for t in structs if t.tag == value.get(t.tag_field or "")]
            options = [*structs] or [t for t in options if isinstance(t, mi.DictType)]
        elif isinstance(value, list):
            options = [t for t in options if isinstance(t, mi.ListType)]
        if options:
            yield from undeclared(value, options[0])
    elif isinstance(info, mi.StructType) and isinstance(value, dict):
        fields = {f.encode_name: f.type for f in info.fields}
        for key, item in value.items():
            if key in fields:
                yield from undeclared(item, fields[key])
            elif key != info.tag_field:
                yield f"{info.cls.__name__}.{key}"
    elif isinstance(info, mi.ListType) and isinstance(value, list):
        for item in value:
            yield from undeclared(item, info.item_type)
    elif isinstance(info, mi.DictType) and isinstance(value, dict):
        for item in value.values():
            yield from undeclared(item, info.value_type)


def big_ints(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every integer past 2^31-1 in a JSON value, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from big_ints(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from big_ints(item, (*path, index))
    elif type(value) is int and abs(value) > INT32_MAX:
        yield path, value


def at(value: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


@pytest.mark.parametrize("name", BODY_FILES)
def test_real_body_decodes_with_every_value(name: str) -> None:
    raw = (FIXTURES / name).read_bytes()
    decoded = decode(raw, body_type(name))
    expected = json.loads(raw)
    assert assert_same(expected, msgspec.to_builtins(decoded)) > 0
    if isinstance(expected, dict) and "id" in expected:
        assert decoded.id == expected["id"]
    for key in ("title", "name"):
        if isinstance(expected, dict) and isinstance(expected.get(key), str):
            assert getattr(decoded, key) == expected[key]


@pytest.mark.parametrize("name", sorted(APPENDED))
def test_appended_parts_decode_into_their_fields(name: str) -> None:
    raw = (FIXTURES / name).read_bytes()
    entity = decode(raw, body_type(name))
    expected = json.loads(raw)
    fields = {f.name: f.encode_name for f in msgspec.structs.fields(entity)}
    for part in APPENDED[name].split():
        assert fields[part] in expected, part
        assert getattr(entity, part) is not None, part
    # Parts not asked for stay None, so "not appended" is told apart from "empty".
    parts = {
        f.name
        for f in msgspec.structs.fields(entity)
        if f.default is None and f.encode_name not in expected
    }
    assert all(getattr(entity, part) is None for part in parts)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_spec_example_decodes_with_every_value(operation: str) -> None:
    examples = EXAMPLES[operation]
    assert examples, f"the spec gives no example for {operation}"
    for example in examples:
        decoded = decode(msgspec.json.encode(example), OPERATIONS[operation])
        checked = assert_same(example, msgspec.to_builtins(decoded))
        assert checked > 0 or operation in EMPTY_EXAMPLES


def test_examples_cover_exactly_the_covered_operations() -> None:
    assert sorted(EXAMPLES) == sorted(OPERATIONS)
    assert len(OPERATIONS) == 116


def test_structs_declare_every_key_tmdb_sends() -> None:
    """No field TMDB sends, in a real body or in its own examples, is dropped by our Structs."""
    missing = {
        (key, name)
        for name in BODY_FILES
        for key in undeclared(
            json.loads((FIXTURES / name).read_bytes()), mi.type_info(body_type(name))
        )
    }
    missing |= {
        (key, operation)
        for operation, examples in EXAMPLES.items()
        for example in examples
        for key in undeclared(example, mi.type_info(OPERATIONS[operation]))
    }
    assert sorted(missing) == []


def test_integers_past_int32_decode_exactly() -> None:
    found = []
    for name in BODY_FILES:
        raw = (FIXTURES / name).read_bytes()
        for path, value in big_ints(json.loads(raw)):
            found.append(value)
            decoded = at(decode(raw, body_type(name)), path)
            assert (type(decoded), decoded) == (int, value), (name, path)
    for operation, examples in EXAMPLES.items():
        for example in examples:
            for path, value in big_ints(example):
                found.append(value)
                result = decode(msgspec.json.encode(example), OPERATIONS[operation])
                decoded = at(result, path)
                assert (type(decoded), decoded) == (int, value), (operation, path)
    # movie_details__550-ceg.json's revenue is one; the test must have something to check.
    assert found


def test_every_body_has_its_provenance() -> None:
    with (FIXTURES / "PROVENANCE.tsv").open(newline="") as rows:
        recorded = {row["file"] for row in csv.DictReader(rows, delimiter="\t")}
    assert recorded == set(BODY_FILES)
    assert f"{EXAMPLES_FILE.name}: " in (OPENAPI / "PROVENANCE.txt").read_text()


def test_media_type_picks_the_summary() -> None:
    page = decode((FIXTURES / "search_multi__batman-curated.json").read_bytes(), models.MultiPage)
    assert [type(result) for result in page.results] == [
        models.CollectionSummary,
        models.MovieSummary,
        models.TVSeriesSummary,
        models.PersonSummary,
    ]
    person = page.results[3]
    assert isinstance(person, models.PersonSummary)
    assert {type(work) for work in person.known_for} <= {
        models.MovieSummary,
        models.TVSeriesSummary,
    }


def test_numbers_sent_as_strings_decode_as_numbers() -> None:
    raw = (FIXTURES / "person_details_append__33.json").read_bytes()
    sent = json.loads(raw)["popularity"]
    assert isinstance(sent, str)
    assert decode(raw, models.Person).popularity == float(sent)
    with pytest.raises(msgspec.ValidationError, match=r"\$\.popularity"):
        msgspec.json.decode(raw, type=models.Person)


def test_every_struct_is_frozen_and_untracked() -> None:
    structs = [
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, msgspec.Struct)
    ]
    assert len(structs) > 100
    for struct in structs:
        config = struct.__struct_config__
        assert (struct.__name__, config.frozen, config.gc) == (struct.__name__, True, False)
