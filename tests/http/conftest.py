"""The HTTP door's tests share the GraphQL client fixture (``/metrics`` counts GraphQL calls)."""

from tests.graphql.conftest import gql

__all__ = ["gql"]
