"""The example tabs GraphiQL opens with, as data: one entry per tab, each answered by the demo.

A tab is named after its operation, so each query names one. Adding a tab is adding an entry;
``tests/gateway/test_graphiql.py`` runs every one of them against the demo dataset and fails on
any error but those a tab says it expects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final


@dataclass(frozen=True, slots=True)
class Tab:
    query: str
    variables: dict[str, Any] | None = None
    headers: dict[str, str] | None = None
    # (path, extensions.code) of each error the demo answers with on purpose.
    expected_errors: tuple[tuple[tuple[str | int, ...], str], ...] = field(default=())

    def as_graphiql(self) -> dict[str, str]:
        """The shape of GraphiQL's ``defaultTabs`` items: editor texts, not objects."""
        tab = {"query": self.query}
        if self.variables is not None:
            tab["variables"] = _pretty(self.variables)
        if self.headers is not None:
            tab["headers"] = _pretty(self.headers)
        return tab


def _pretty(value: object) -> str:
    return json.dumps(value, indent=2)


MOVIE_CAST_BIRTHDAYS: Final = Tab(
    query="""\
# A movie, its top-billed cast and their birthdays:
# one TMDB request for the movie and its credits,
# then one per cast member, all sent at once.
# The demo dataset knows Brad Pitt but not Edward
# Norton: Norton's person is null with a NOT_FOUND
# error, as TMDB answers an unknown id.
query MovieCastBirthdays {
  movie(id: 550) {
    title
    releaseDate
    credits {
      cast(first: 2) {
        name
        character
        person {
          birthday
          placeOfBirth
        }
      }
    }
  }
}
""",
    expected_errors=((("movie", "credits", "cast", 0, "person"), "NOT_FOUND"),),
)

TV_SHOW: Final = Tab(
    query="""\
# A TV show with its genres and top-billed cast:
# one TMDB request, the credits appended to the
# show's details.
query TVShow {
  tv(id: 1396) {
    name
    firstAirDate
    numberOfSeasons
    numberOfEpisodes
    genres {
      name
    }
    credits {
      cast(first: 3) {
        name
        character
      }
    }
  }
}
""",
)

PERSON: Final = Tab(
    query="""\
# A person by id, from the variables below (the
# demo dataset knows 287, 33, 12312 and 1).
query Person($id: Int!) {
  person(id: $id) {
    name
    birthday
    placeOfBirth
    knownForDepartment
    profileUrl(size: W185)
  }
}
""",
    variables={"id": 287},
)

SEARCH: Final = Tab(
    query="""\
# A search across movies, shows, people and
# collections, in TMDB's order. Results are built
# from the summaries TMDB sends: one request for
# the page, whatever of theirs is selected. A
# field a summary lacks (a movie's runtime) costs
# one request per result. The demo answers any
# query with its recorded search for "batman".
query Search($query: String!) {
  searchMulti(query: $query, first: 10) {
    totalResults
    results {
      __typename
      ... on Movie {
        title
        releaseDate
        posterUrl(size: W185)
      }
      ... on TVShow {
        name
        firstAirDate
      }
      ... on Person {
        name
        knownForDepartment
      }
      ... on Collection {
        name
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
""",
    variables={"query": "batman"},
)

DISCOVER: Final = Tab(
    query="""\
# Movies by typed filters, a window of results
# with their cursors: `first: 30` spans TMDB's
# pages 1 and 2, both fetched at once; pass the
# endCursor as `after` for the next ones. The demo
# answers with its recorded page 1 whatever the
# filters, and page 2 comes back empty.
query Discover {
  discoverMovies(
    first: 30
    sortBy: POPULARITY_DESC
    filter: {
      genres: { ids: [18, 35], match: ANY }
      voteAverage: { min: 6 }
    }
  ) {
    totalResults
    edges {
      cursor
      node {
        title
        voteAverage
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
""",
)

# The first tab is the one GraphiQL shows first, and the one the browser test runs.
TABS: Final[tuple[Tab, ...]] = (MOVIE_CAST_BIRTHDAYS, TV_SHOW, PERSON, SEARCH, DISCOVER)
