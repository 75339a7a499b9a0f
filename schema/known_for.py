"""What a person is known for: a union of the kinds TMDB lists there (``Person.knownFor``).

Its own module, so that ``schema/person.py`` can name it lazily: movies and shows reach people
through their credits, and people reach them back through this union.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.movie import Movie
from schema.tv import TVShow

KnownForUnion = Annotated[
    Movie | TVShow, strawberry.union("KnownFor", description="A title a person is known for.")
]
