"""GraphQL ``me`` names the certified birthplace; ``deleteAccount`` applies the core's word."""

from __future__ import annotations

from monparis_app.models import Account
from tests.graphql.conftest import GraphQLClient
from tests.graphql.test_account_api import bearer, login, post
from tests.helpers import GOOD_PASSWORD, create_account

ME = "{ me { birthPlace birthPlaceName birthCountry birthCountryName } }"
DELETE = """mutation($password: String!, $confirmation: String!) {
  deleteAccount(password: $password, confirmation: $confirmation) {
    __typename ... on FieldErrors { errors { field code message } } } }"""


async def test_me_names_the_cog_codes_of_a_certified_birth(gql: GraphQLClient) -> None:
    await create_account(
        birth_place="75107", birth_country="99100", certified_fields=["birth_place"]
    )
    headers = bearer((await login(gql))["sessionToken"])
    assert (await post(gql, ME, headers))["me"] == {
        "birthPlace": "75107",
        "birthPlaceName": "Paris 7e Arrondissement",
        "birthCountry": "99100",
        "birthCountryName": "France",
    }


async def test_a_place_typed_by_hand_is_its_own_name(gql: GraphQLClient) -> None:
    await create_account(birth_place="Lyon", birth_country="99352")
    headers = bearer((await login(gql))["sessionToken"])
    me = (await post(gql, ME, headers))["me"]
    assert (me["birthPlaceName"], me["birthCountryName"]) == ("Lyon", "Algérie")


async def test_delete_account_wants_the_capital_word(gql: GraphQLClient) -> None:
    account = await create_account()
    headers = bearer((await login(gql))["sessionToken"])
    refused = (await post(gql, DELETE, headers, password=GOOD_PASSWORD, confirmation="supprimer"))[
        "deleteAccount"
    ]
    assert refused["__typename"] == "FieldErrors"
    assert refused["errors"] == [
        {
            "field": "confirmation",
            "code": "delete.confirmation",
            "message": "Pour confirmer, saisissez SUPPRIMER en majuscules.",
        }
    ]
    assert await Account.exists(id=account.id)
    done = (await post(gql, DELETE, headers, password=GOOD_PASSWORD, confirmation="SUPPRIMER"))[
        "deleteAccount"
    ]
    assert done["__typename"] == "Done"
    assert not await Account.exists(id=account.id)
