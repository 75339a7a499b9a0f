"""The base of every image URL: ``images.secure_base_url`` of TMDB's ``GET /configuration``.

It is fetched like any other row of the resource table, through the request's loader and the
process-wide cache, which keeps it for the row's lifetime (12 hours): once per process, and only
by an operation that selects an image URL (``IMAGE_URL_FIELDS``; priced as one request).
The entity resolvers ask for it in the same tick as their entity (``schema.context``), so it
costs no extra round trip. URL fields are plain synchronous leaves, so they read the base from
this module: the last one fetched, or the recorded one (``imageconfig.RECORDED_BASE_URL``) until
then, or if TMDB fails to answer (the entities' own errors say why).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Final

from graphql import FieldNode, OperationDefinitionNode, SelectionSetNode

from schema.imageconfig import RECORDED_BASE_URL
from tmdbfusion.resources import TABLE

if TYPE_CHECKING:
    from schema.context import Context, Info

logger = logging.getLogger("schema")

# The fields that build an image URL; an operation selecting one may cost one request for the
# image base (priced so by schema/cost.py).
IMAGE_URL_FIELDS: Final = frozenset(
    {"posterUrl", "backdropUrl", "profileUrl", "stillUrl", "logoUrl", "fileUrl", "avatarUrl"}
)
IMAGE_CONFIGURATION: Final = "configuration.details"
CONFIGURATION: Final = TABLE[IMAGE_CONFIGURATION]
_KEY: Final = ()
# Operations seen, by id, with whether they select an image URL (kept beside the node, so an
# id reused by a new node after the old one is collected is never read as the old one).
_MAX_KNOWN: Final = 1_024
_known: OrderedDict[int, tuple[OperationDefinitionNode, bool]] = OrderedDict()
_base = RECORDED_BASE_URL


def base_url() -> str:
    """The image base every URL field builds on."""
    return _base


def wanted(info: Info) -> bool:
    """Whether this operation selects an image URL and this process has no fresh image base:
    then the resolver loading an entity loads the configuration beside it."""
    raw = info._raw_info
    operation = raw.operation
    known = _known.get(id(operation))
    if known is None or known[0] is not operation:
        found = _selects_urls(operation.selection_set, raw.fragments)
        known = _known[id(operation)] = (operation, found)
        if len(_known) > _MAX_KNOWN:
            _known.popitem(last=False)
    return known[1] and not _at_hand(info.context)


def _selects_urls(selection_set: SelectionSetNode, fragments: dict[str, Any]) -> bool:
    # Every fragment of the document counts, used or not: at worst one request too many.
    pending = [selection_set, *(f.selection_set for f in fragments.values())]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode) and selection.name.value in IMAGE_URL_FIELDS:
                return True
            child = getattr(selection, "selection_set", None)
            if child is not None:
                pending.append(child)
    return False


def _at_hand(context: Context) -> bool:
    configuration = context.cached(CONFIGURATION, _KEY, None, ())
    if configuration is None:
        return False
    _keep(configuration, context)
    return True


async def fetch(context: Context) -> None:
    """Load the configuration and keep its image base; a failure keeps the one known."""
    try:
        configuration = await context.load(CONFIGURATION, _KEY, None, ())
    except Exception as exc:  # the entity's own request reports TMDB's failure
        logger.warning("Image base not fetched, keeping %s: %s", _base, type(exc).__name__)
        return
    _keep(configuration, context)


def _keep(configuration: Any, context: Context) -> None:
    global _base
    images = configuration.images
    if images is not None and images.secure_base_url.startswith("https://"):
        _base = images.secure_base_url
    context.served(CONFIGURATION, _KEY, None)
