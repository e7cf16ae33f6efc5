"""Outside dev, an unexpected error is masked; a malformed query still says what is wrong."""

from __future__ import annotations

import pytest

from monparis_app.core import registration
from monparis_app.graphql.schema import build_schema

QUERY = '{ registration(flowId: "6f1c0c4e-0000-4000-8000-000000000000") { status } }'


@pytest.fixture
def broken_core(monkeypatch: pytest.MonkeyPatch) -> None:
    async def fail(flow_id: str) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(registration, "get_flow", fail)


async def test_unexpected_errors_are_masked_in_prod(configure, broken_core) -> None:  # type: ignore[no-untyped-def]
    configure(ENV="prod")
    schema = build_schema()
    result = await schema.execute(QUERY)
    assert result.errors
    assert result.errors[0].message == "Unexpected error."
    malformed = await schema.execute("{ registration( }")
    assert malformed.errors
    assert "Syntax Error" in malformed.errors[0].message


async def test_dev_shows_the_real_error(configure, broken_core) -> None:  # type: ignore[no-untyped-def]
    configure(ENV="dev")
    result = await build_schema().execute(QUERY)
    assert result.errors
    assert result.errors[0].message == "secret internal detail"
