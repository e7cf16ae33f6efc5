"""The SDL partners read is checked in; this test fails when the schema drifts from it.

After an intended change: ``make schema`` rewrites ``schema.graphql``.
"""

from pathlib import Path

from monparis_app.graphql.schema import schema

SDL_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_checked_in_sdl_matches_the_schema() -> None:
    assert SDL_FILE.read_text() == schema.as_str() + "\n", (
        "run `make schema` and commit schema.graphql"
    )
