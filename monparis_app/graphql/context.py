"""The typed context each resolver receives: who is calling, from where."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo


@dataclass
class Context:
    request: Request

    @property
    def client_ip(self) -> str:
        return self.request.client.host if self.request.client else ""


Info = StrawberryInfo[Context, None]
