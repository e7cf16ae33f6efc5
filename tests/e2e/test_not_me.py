"""'Ce n'était pas moi' in Chromium: an intruder signs in with the stolen password from another
browser; the owner gets "Nouvelle connexion à votre compte Mon Paris", opens its link and takes
the account back in one click: the intruder's session ends and the password no longer opens
the account until the owner sets a new one."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, Page, expect

from tests.e2e.account_steps import ACCOUNT_HEADING, create_account, fill_sign_in, sign_in
from tests.e2e.conftest import SyncMailbox, check_axe, screenshot
from tests.e2e.signup_steps import GOOD_PASSWORD

NEW_DEVICE_SUBJECT = "Nouvelle connexion à votre compte Mon Paris"


def not_me_link(mailbox: SyncMailbox, email: str, subject: str) -> str:
    def matching() -> list[str]:
        found = []
        for message in mailbox.to(email):
            if subject in str(message["Subject"]):
                part = message.get_body(preferencelist=("plain",))
                assert part is not None
                found += re.findall(
                    r"https?://\S+/ce-n-etait-pas-moi\?jeton=[\w-]+", str(part.get_content())
                )
        return found

    deadline = time.monotonic() + 15
    while not (links := matching()):
        assert time.monotonic() < deadline, f"no « Ce n'était pas moi » link in « {subject} »"
        time.sleep(0.1)
    return links[-1]


def test_the_owner_takes_the_account_back_from_the_warning_email(
    page: Page, mailbox: SyncMailbox, browser: Browser, base_url: str
) -> None:
    email = create_account(page, mailbox, "victime")
    intruder = browser.new_context(base_url=base_url, locale="fr-FR")
    try:
        intruder_page = intruder.new_page()
        sign_in(intruder_page, email)  # a browser never seen on this account

        link = not_me_link(mailbox, email, NEW_DEVICE_SUBJECT)
        page.goto(link)
        expect(page.get_by_role("heading", name="Ce n’était pas vous ?", level=1)).to_be_visible()
        expect(page).not_to_have_url(re.compile("jeton="))  # the token leaves the address bar
        check_axe(page)
        page.get_by_role("button", name="Sécuriser mon compte").click()
        expect(
            page.get_by_role("heading", name="Votre compte est sécurisé", level=1)
        ).to_be_visible()
        screenshot(page, "not-me-secured")

        # The intruder's session is over, and the stolen password opens nothing.
        intruder_page.goto("/mon-compte")
        expect(intruder_page).to_have_url(re.compile(r"/connexion"))
        fill_sign_in(intruder_page, email, GOOD_PASSWORD)
        expect(
            intruder_page.get_by_text(re.compile("choisissez un nouveau mot de passe"))
        ).to_be_visible()
        expect(intruder_page.get_by_role("heading", name=ACCOUNT_HEADING)).not_to_be_visible()

        # The link worked once.
        page.goto(link)
        expect(
            page.get_by_role("heading", name="Ce lien n’est plus valable", level=1)
        ).to_be_visible()
    finally:
        intruder.close()
