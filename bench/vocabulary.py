"""The words synthetic TMDB bodies (``bench/synthetic.py``) are made of.

Names and values are of the length and kind real TMDB bodies carry, so the synthetic bodies
cost what real ones do to decode, cache and encode. All are plain ASCII without quotes, which
lets ``synthetic`` format JSON from templates without escaping.
"""

from typing import Any

COMPANIES: list[dict[str, Any]] = [
    {"id": 508, "logo_path": "/7cxRWzi4LsVm4Utfpr1hfARNurT.png", "name": "Regency Enterprises",
     "origin_country": "US"},
]  # fmt: skip
COUNTRIES = [{"iso_3166_1": "US", "name": "United States of America"}]
LANGUAGES = [{"english_name": "English", "iso_639_1": "en", "name": "English"}]
FIRST_NAMES = (
    "Edward", "Brad", "Helena", "Meat", "Jared", "Zach", "Holt", "Eion", "Rachel", "Paul",
    "David", "Jim", "Laura", "Joon", "Ana", "Kiri", "Sofia", "Omar", "Lena", "Marco", "Yuki",
    "Ines", "Tariq", "Greta", "Noel", "Ruth", "Vikram", "Mia",
)  # fmt: skip
LAST_NAMES = (
    "Norton", "Pitt", "Bonham Carter", "Loaf", "Leto", "Grenier", "McCallany", "Bailey",
    "Singer", "Dante", "Fincher", "Uhls", "Ziskin", "Park", "Silva", "Ito", "Moreau", "Haddad",
    "Novak", "Rossi", "Tanaka", "Garcia", "Khan", "Berg",
)  # fmt: skip
GENRES = (
    (28, "Action"), (12, "Adventure"), (35, "Comedy"), (80, "Crime"), (18, "Drama"),
    (14, "Fantasy"), (27, "Horror"), (9648, "Mystery"), (878, "Science Fiction"),
    (53, "Thriller"),
)  # fmt: skip
JOBS = (
    ("Directing", "Director"), ("Writing", "Screenplay"), ("Production", "Producer"),
    ("Camera", "Director of Photography"), ("Editing", "Editor"), ("Sound", "Music"),
    ("Art", "Production Design"), ("Costume & Make-Up", "Costume Design"),
)  # fmt: skip
PLACES = (
    "Boston, Massachusetts, USA", "Lyon, France", "Seoul, South Korea", "Lagos, Nigeria",
    "Porto, Portugal", "Osaka, Japan", "Toronto, Ontario, Canada", "Hamburg, Germany",
)  # fmt: skip
BIO = (
    "{name} is an actor and filmmaker born in {place}. Known for a long run of character "
    "roles in independent films and a handful of studio pictures, {name} has worked with "
    "many of the directors of the period and teaches a screen acting workshop."
)
