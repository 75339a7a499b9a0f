"""The summary rule (schema/summary.py): which fields a summary serves, that every real summary
becomes its full type, and a paged part (``Page``) of summaries costing nothing more unless a
field the summaries lack is selected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx
import strawberry
from graphql import GraphQLObjectType
from strawberry.schema.config import StrawberryConfig

from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.context import RequestContext
from gateway.fetch import TMDBFetch
from schema.context import Info, resolve
from schema.movie import Movie
from schema.pages import Page
from schema.scalars import SCALARS
from schema.schema import build_schema
from schema.summary import kind_named, kind_of, served
from tests.helpers import authenticated_params, body, fixture_json, ok, tmdb_client
from tmdbfusion import models as tmdb
from tmdbfusion.resources import TABLE

SCHEMA = build_schema()._schema


def served_names(type_name: str) -> frozenset[str]:
    graphql_type = SCHEMA.get_type(type_name)
    assert isinstance(graphql_type, GraphQLObjectType)
    kind = kind_named(type_name)
    assert kind is not None
    return served(graphql_type, kind)


@pytest.mark.parametrize(
    ("type_name", "served_too", "details_only"),
    [
        pytest.param(
            "Movie",
            {"id", "title", "overview", "releaseDate", "posterUrl", "backdropPath", "voteAverage"},
            {"runtime", "tagline", "imdbId", "budget", "genres", "credits", "images", "videos"},
            id="movie",
        ),
        pytest.param(
            "TVShow",
            {"id", "name", "firstAirDate", "originCountry", "posterUrl", "popularity"},
            {"numberOfSeasons", "status", "genres", "lastAirDate", "credits", "languages"},
            id="tv",
        ),
        pytest.param(
            "Person",
            {"id", "name", "gender", "knownForDepartment", "knownFor", "profileUrl", "popularity"},
            {"birthday", "biography", "placeOfBirth", "alsoKnownAs", "imdbId"},
            id="person",
        ),
        pytest.param(
            "Company",
            {"id", "name", "logoPath", "logoUrl", "originCountry"},
            {"description", "headquarters", "homepage"},
            id="company",
        ),
        pytest.param("Collection", {"name", "posterUrl", "overview"}, set(), id="collection"),
    ],
)
def test_a_summary_serves_the_fields_it_fills_in(
    type_name: str, served_too: set[str], details_only: set[str]
) -> None:
    names = served_names(type_name)

    assert served_too | {"__typename"} <= names
    assert not details_only & names


# Every real list of summaries we hold, with the row that answers it.
LISTS = [
    ("search.multi", "search_multi__batman-curated.json"),
    ("search.movie", "search_movie__disney.json"),
    ("search.tv", "search_tv__disney.json"),
    ("search.person", "search_person__julian-beck.json"),
    ("trending.all", "trending_all__week.json"),
    ("trending.person", "trending_person__week.json"),
    ("movies.popular", "movie_popular__p1.json"),
    ("movies.now_playing", "movie_now_playing__p1.json"),
    ("movies.recommendations", "movie_recommendations__550.json"),
    ("tv.similar", "tv_similar__1396.json"),
    ("people.popular", "person_popular__p1.json"),
    ("keywords.movies", "keyword_movies__1721.json"),
]


@pytest.mark.parametrize(("row", "name"), LISTS)
def test_every_recorded_summary_becomes_its_full_type(row: str, name: str) -> None:
    page = TABLE[row].decoder.decode(body(name))
    raw = fixture_json(name)["results"]

    assert page.results
    for summary, recorded in zip(page.results, raw, strict=True):
        kind = kind_of(type(summary))
        assert kind is not None
        details = kind.promote(summary)
        assert isinstance(details, kind.row.result)
        built = kind.build(details, "fr-FR")
        assert built.id == recorded["id"]
        assert isinstance(built, kind.graphql)
        # What the summary held is what the full type serves.
        copied = kind.fields & set(details.__struct_fields__)
        for field in copied - {"name", "original_name"}:
            assert getattr(details, field) == getattr(summary, field), field


def test_a_collection_found_by_search_multi_is_named_by_its_title() -> None:
    page = TABLE["search.multi"].decoder.decode(body("search_multi__batman-curated.json"))
    collection = page.results[0]
    assert isinstance(collection, tmdb.CollectionSummary)
    kind = kind_of(type(collection))
    assert kind is not None

    assert kind.promote(collection).name == "Star Wars spin off collection"


def test_a_person_s_movie_credit_is_a_movie_summary() -> None:
    kind = kind_of(tmdb.PersonMovieCast)

    assert kind is not None
    assert kind.name == "Movie"


# A paged part as an entity type serves it: a movie's recommendations, a Page of Movie. Today's
# Movie has no `recommendations` field yet (issue 8 adds it), so a schema of one root shows the
# rule on the part's own row.
@strawberry.type
class RecommendationsQuery:
    @strawberry.field
    def recommendations(self, info: Info, id: int, language: str | None = None) -> Page[Movie]:
        return resolve(
            info,
            TABLE["movies.recommendations"],
            (id,),
            language,
            {},
            lambda page: Page[Movie].from_tmdb(page, language),
        )


PAGE_SCHEMA = strawberry.Schema(
    query=RecommendationsQuery, config=StrawberryConfig(scalar_map=SCALARS)
)
RECOMMENDED = fixture_json("movie_recommendations__550.json")


@pytest.fixture
async def context(tmdb: respx.Router, settings: Settings) -> AsyncIterator[RequestContext]:
    async with tmdb_client(settings, tmdb) as client:
        yield RequestContext(SharedUpstream(TMDBFetch(client), ttl=60, max_entries=100))
    for call in tmdb.calls:
        authenticated_params(call.request, settings)


async def run(query: str, context: RequestContext) -> dict[str, Any]:
    result = await PAGE_SCHEMA.execute(query, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


async def test_recommendations_with_their_posters_cost_no_extra_request(
    tmdb: respx.Router, context: RequestContext
) -> None:
    tmdb.get("/movie/550/recommendations").mock(return_value=ok("movie_recommendations__550.json"))

    data = await run(
        """{ recommendations(id: 550) {
             page totalResults results { title posterUrl(size: W185) } } }""",
        context,
    )

    assert [call.request.url.path for call in tmdb.calls] == ["/3/movie/550/recommendations"]
    assert data["recommendations"]["totalResults"] == RECOMMENDED["total_results"]
    assert data["recommendations"]["results"] == [
        {"title": r["title"], "posterUrl": f"https://image.tmdb.org/t/p/w185{r['poster_path']}"}
        for r in RECOMMENDED["results"]
    ]


async def test_recommendations_with_a_details_field_cost_one_request_each(
    tmdb: respx.Router, context: RequestContext
) -> None:
    tmdb.get("/movie/550/recommendations").mock(return_value=ok("movie_recommendations__550.json"))
    first = RECOMMENDED["results"][0]["id"]
    # Fight Club's real details, under each recommended id: a small edit of a real body.
    details = tmdb.get(path__regex=r"/movie/(?P<id>\d+)$").mock(
        side_effect=lambda request, id: httpx.Response(
            200, json={**fixture_json("movie_details__550.json"), "id": int(id)}
        )
    )

    data = await run(
        '{ recommendations(id: 550, language: "de") { results { id runtime } } }', context
    )

    ids = [r["id"] for r in RECOMMENDED["results"]]
    assert sorted(c.request.url.path for c in details.calls) == sorted(f"/3/movie/{i}" for i in ids)
    assert {c.request.url.params["language"] for c in tmdb.calls} == {"de"}
    assert data["recommendations"]["results"][0] == {"id": first, "runtime": 139}
    assert len(tmdb.calls) == 1 + len(set(ids))
