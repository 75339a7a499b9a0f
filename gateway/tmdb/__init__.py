"""Everything that talks to TMDB; nothing here knows GraphQL exists."""
