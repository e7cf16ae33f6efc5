"""Sign-up through the API, as a partner app drives it: both e-mails reach a real SMTP server
(aiosmtpd) as multipart/alternative, a plain-text part and the branded HTML part."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from monparis_app.settings import get_settings
from monparis_app.web import routes
from tests.conftest import Mailbox, text_of
from tests.graphql.conftest import GraphQLClient
from tests.graphql.test_signup_api import EMAIL, VERIFY, register
from tests.helpers import CAPTCHA_TEST_ANSWER, code_in


@pytest.fixture(autouse=True)
def _captcha_answer(configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER, PUBLIC_URL="https://monparis.exemple.fr")


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None and part.get_content_type() == "text/html"
    return str(part.get_content())


def assert_both_parts(message: EmailMessage) -> None:
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    html = html_of(message)
    assert "Ville de Paris" in html and 'role="presentation"' in html
    assert f'href="{get_settings().base_url}' in html


async def test_signup_emails_arrive_with_text_and_html(
    gql: GraphQLClient, mail_sender: Mailbox
) -> None:
    flow = (await register(gql))["flow"]
    [code_mail] = await mail_sender.wait_for(EMAIL)
    assert_both_parts(code_mail)
    code = code_in(code_mail)
    assert f">{code}</span>" in html_of(code_mail)

    created = (await gql(VERIFY, flowId=flow["id"], code=code))["verifyCode"]
    assert created["__typename"] == "AccountCreated"
    confirmation = (await mail_sender.wait_for(EMAIL, 2))[-1]
    assert_both_parts(confirmation)
    contact = "https://monparis.exemple.fr" + routes.CONTACT
    assert f'<a href="{contact}"' in html_of(confirmation)
    assert f"contactez-nous ({contact})" in text_of(confirmation)
    assert "Bonjour Pierre," in text_of(confirmation)
