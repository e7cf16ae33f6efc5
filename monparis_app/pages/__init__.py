"""The pages, one folder per journey; ``register_pages`` is the one list of them.

``monparis_app.web.routes`` names every path once. Pages build on ``monparis_app.components``
(generic widgets, which never import a page) and call the core's journey modules directly;
``session`` and ``form_events`` are what every page state shares.
"""

from __future__ import annotations

from types import ModuleType

import reflex as rx

from monparis_app.pages import about, home, legal, not_found
from monparis_app.pages.account import page as account
from monparis_app.pages.forgot_password import page as forgot_password
from monparis_app.pages.franceconnect import creation as franceconnect_creation
from monparis_app.pages.franceconnect import error as franceconnect_error
from monparis_app.pages.franceconnect import help as franceconnect_help
from monparis_app.pages.franceconnect import link as franceconnect_link
from monparis_app.pages.oidc import consent as oidc_consent
from monparis_app.pages.oidc import error as oidc_error
from monparis_app.pages.security_event import page as security_event
from monparis_app.pages.sign_in import page as sign_in
from monparis_app.pages.signup import code as signup_code
from monparis_app.pages.signup import done as signup_done
from monparis_app.pages.signup import form as signup_form

# In the order of the guide; each module's ``register`` adds its page(s) and their routes.
PAGES: tuple[ModuleType, ...] = (
    home,
    signup_form,
    signup_code,
    signup_done,
    legal,
    about,
    franceconnect_help,
    sign_in,
    forgot_password,
    account,
    franceconnect_error,
    franceconnect_link,
    franceconnect_creation,
    oidc_consent,
    oidc_error,
    security_event,
    not_found,
)


def register_pages(app: rx.App) -> None:
    """Called once by ``monparis_app.monparis_app`` (and the build) with the Reflex app."""
    for page in PAGES:
        page.register(app)
