"""The limits on a GraphQL document's shape, and the validation rules that enforce them.

Each rule class is made once per ``Limits`` (DESIGN.md, principle 6) and runs once per distinct
document, since validation results are cached with the parsed document (schema/documents.py).
The README's "Limits" table gives each default and why it was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, Final

from graphql import DirectiveNode, FieldNode, GraphQLError, ValidationContext, ValidationRule
from strawberry.extensions.query_depth_limiter import create_validator

MAX_TOKENS: Final = 2_000
MAX_DEPTH: Final = 10
MAX_ALIASES: Final = 100
MAX_DIRECTIVES: Final = 50


@dataclass(frozen=True)
class Limits:
    """What one document may hold."""

    max_tokens: int = MAX_TOKENS
    max_depth: int = MAX_DEPTH
    max_aliases: int = MAX_ALIASES
    max_directives: int = MAX_DIRECTIVES

    @cached_property
    def rules(self) -> tuple[type[ValidationRule], ...]:
        """The validation rules past graphql's own, built once for these limits."""
        return (
            create_validator(self.max_depth, None),
            _limited(AliasCountRule, self.max_aliases),
            _limited(DirectiveCountRule, self.max_directives),
        )


class _CountRule(ValidationRule):
    """Refuses a document holding more than ``limit`` of ``what``.

    Counted over the document as written: a fragment's aliases count once however often it is
    spread, since what spreads multiply is priced by the cost budget (schema/cost.py).
    """

    limit: ClassVar[int]
    what: ClassVar[str]

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.count = 0

    def leave_document(self, *_args: Any) -> None:
        if self.count > self.limit:
            message = f"The document has {self.count:,} {self.what}; the limit is {self.limit:,}."
            self.report_error(GraphQLError(message))


class AliasCountRule(_CountRule):
    what = "aliases"

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.alias is not None:
            self.count += 1


class DirectiveCountRule(_CountRule):
    what = "directives"

    def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
        self.count += 1


def _limited(rule: type[_CountRule], limit: int) -> type[_CountRule]:
    return type(rule.__name__, (rule,), {"limit": limit})
