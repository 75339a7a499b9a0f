"""Production companies and TV networks."""

from __future__ import annotations

import msgspec


class ParentCompany(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class Company(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    parent_company: ParentCompany | None = None


class Network(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
