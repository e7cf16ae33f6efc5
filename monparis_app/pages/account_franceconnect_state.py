"""The account page's "FranceConnect" section: link the signed-in account, or remove the link.

Linking leaves the page (a native POST to the HTTP route that sends the browser to
FranceConnect); the answer comes back as ``?franceconnect=<code>`` on the account page, read
here and shown in French. Unlinking is a websocket event: the core decides (a password is
required), this state only translates.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.core import franceconnect as fc
from monparis_app.messages_franceconnect import FRANCECONNECT_MESSAGES, franceconnect_message
from monparis_app.pages import routes
from monparis_app.pages.account_state import AccountState
from monparis_app.pages.auth_state import client_ip, signed_in_session, user_agent

QUERY_PARAMETER = "franceconnect"
# Answers that are good news (role=status); any other known code is an error (role=alert).
GOOD_NEWS = ("linked", "unlinked")


class FranceConnectSection(AccountState):
    status: str = ""
    error: str = ""

    @rx.event
    def clear_section(self) -> None:
        """On page load: the answer of a link that just came back, if any (known codes only)."""
        self.status = self.error = ""
        short = self.router.url.query_parameters.get(QUERY_PARAMETER, "")
        code = f"franceconnect.{short}"
        if not short or code not in FRANCECONNECT_MESSAGES:
            return
        if short in GOOD_NEWS:
            self.status = franceconnect_message(code)
        else:
            self.error = franceconnect_message(code)

    @rx.event
    async def unlink(self) -> Any:
        """ "Supprimer mon lien de fédération": refused by the core without a password."""
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        self.status = self.error = ""
        try:
            await fc.unlink(
                session.account_id, client_ip=client_ip(self), user_agent=user_agent(self)
            )
        except fc.FranceConnectError as refused:
            self.error = franceconnect_message(refused.code)
        else:
            self.status = franceconnect_message("franceconnect.unlinked")
        await self._refresh(session)
        return None
