"""The TMDBFusion benchmark: a fake TMDB, baseline servers, wrk load and ``RESULTS.md``.

``python -m bench`` runs the whole table (``--quick`` for a smoke run); see ``runner.py``.
"""
