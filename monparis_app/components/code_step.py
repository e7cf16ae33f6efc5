"""What every code page says and asks, the same words for sign-up, password reset, e-mail change.

The code's lifetime is the core's (``code_ttl_minutes``), so the page cannot promise ten minutes
when the service is set to five.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.components.fields import code_field
from monparis_app.components.forms import form_actions, journey_form, secondary_button
from monparis_app.components.resend import resend_button
from monparis_app.core.code_checks import code_ttl_minutes


def code_sent_to(email: Var[str], what_follows: str = "") -> rx.Component:
    """ "Nous avons envoyé un courriel à …" with the address in bold; ``what_follows`` says what
    the validation will do (e.g. the login address changes)."""
    return rx.el.p(
        "Nous avons envoyé un courriel à ",
        rx.el.strong(email),
        " pour que nous puissions procéder à la vérification de votre adresse de courriel.",
        f" {what_follows}" if what_follows else "",
    )


def code_lifetime() -> rx.Component:
    return rx.el.p(
        f"Vous disposez d'un délai de {code_ttl_minutes()} minutes pour la saisie du code. "
        "Au-delà de ce délai, demandez le renvoi du message pour qu'un nouveau code vous soit "
        "envoyé."
    )


def resend_hint(resend_wait: Var[int], resend_round: Var[int], on_resend: Any) -> rx.Component:
    return rx.el.p(
        "Si vous ne le trouvez pas, pensez à vérifier dans vos courriels indésirables (spam), ou ",
        resend_button(resend_wait, resend_round, on_resend),
        ".",
    )


def code_form(
    field_id: str,
    error: Var[str],
    *,
    submit_label: str,
    on_submit: Any,
    cancel: tuple[str, Any],
    label: str | None = None,
    labelled_by: str = "",
    more_fields: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """The code field (plus ``more_fields``), the submit and one way out, ``cancel`` being its
    label and event."""
    return journey_form(
        code_field(field_id, error),
        *more_fields,
        form_actions(
            rx.el.button(submit_label, type="submit", class_name="button-primary"),
            secondary_button(*cancel),
        ),
        on_submit=on_submit,
        label=label,
        labelled_by=labelled_by,
    )
