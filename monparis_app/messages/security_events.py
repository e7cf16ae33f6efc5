""" "Ce n'était pas moi": what happened, said in French, and what "Sécuriser mon compte" did.

The page describes the event a link is bound to before the person decides, then lists what was
undone. The sign-in refusal of a secured account lives here too, next to the journey that
causes it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from monparis_app.messages.templates import Plural, Template, render

PARIS = ZoneInfo("Europe/Paris")

# What the event was, as the end of "Ce qui s’est passé : …" (``core.security_events`` kinds).
EVENT_DESCRIPTIONS: dict[str, str] = {
    "signed_in_new_device": (
        "une connexion à votre compte depuis un appareil ou un navigateur qui ne s’y était "
        "jamais connecté"
    ),
    "password_changed": "le mot de passe de votre compte a été modifié",
    "password_reset": "le mot de passe de votre compte a été réinitialisé",
    "email_changed": "le courriel de connexion de votre compte a été modifié",
    "franceconnect_linked": "votre compte a été relié à FranceConnect",
    "franceconnect_unlinked": "le lien entre votre compte et FranceConnect a été supprimé",
    "passkey_added": "une clé d’accès a été ajoutée à votre compte",
    "sign_in_blocked": (
        "plusieurs tentatives de connexion à votre compte ont échoué et la connexion a été "
        "bloquée temporairement"
    ),
}
UNKNOWN_EVENT = "un événement de sécurité a eu lieu sur votre compte"

MESSAGES: dict[str, Template] = {
    "sign_in.must_reset_password": (
        "Pour protéger votre compte, choisissez un nouveau mot de passe : utilisez « Mot de "
        "passe oublié ? »."
    ),
}

PASSKEYS_REMOVED = Plural(
    "count",
    one="{count} clé d’accès ajoutée depuis cet événement a été supprimée.",
    other="{count} clés d’accès ajoutées depuis cet événement ont été supprimées.",
)

SESSIONS_ENDED = "Toutes les sessions ouvertes sur votre compte ont été fermées."
FRANCECONNECT_UNLINKED = "La liaison avec FranceConnect faite depuis cet événement a été supprimée."
PASSWORD_BLOCKED = (
    "La connexion par mot de passe est bloquée jusqu’à ce que vous choisissiez un nouveau mot "
    "de passe."
)


def paris_time(moment: datetime) -> str:
    """ "le 27/11/2026 à 20:45", Paris time, as the account page writes a date."""
    return moment.astimezone(PARIS).strftime("le %d/%m/%Y à %H:%M")


def describe_event(kind: str, occurred_at: datetime, device: str, ip_prefix: str) -> str:
    """ "Ce qui s’est passé : …, le …, depuis … (adresse proche de …)." """
    what = EVENT_DESCRIPTIONS.get(kind, UNKNOWN_EVENT)
    where = f", depuis {device}" if device else ""
    near = f" (adresse proche de {ip_prefix})" if ip_prefix else ""
    return f"Ce qui s’est passé : {what}, {paris_time(occurred_at)}{where}{near}."


def secured_summary(
    *,
    passkeys_removed: int,
    franceconnect_unlinked: bool,
    restored_email: str | None,
) -> list[str]:
    """What "Sécuriser mon compte" did, one sentence each, in the order it matters."""
    done = [SESSIONS_ENDED]
    if passkeys_removed:
        done.append(render(PASSKEYS_REMOVED, {"count": passkeys_removed}))
    if franceconnect_unlinked:
        done.append(FRANCECONNECT_UNLINKED)
    if restored_email:
        done.append(f"Votre courriel de connexion est de nouveau {restored_email}.")
    done.append(PASSWORD_BLOCKED)
    return done


def new_password_hint(email: str, code_sent: bool) -> str:
    if code_sent:
        return (
            f"Un code pour choisir un nouveau mot de passe vient d’être envoyé à {email}. "
            "Saisissez-le sur la page « Mot de passe oublié ? »."
        )
    return (
        "Demandez un code pour choisir un nouveau mot de passe sur la page « Mot de passe "
        "oublié ? »."
    )


def email_not_restored(address: str) -> str:
    return (
        f"Votre ancien courriel de connexion, {address}, est désormais utilisé par un autre "
        "compte : il n’a pas pu être rétabli, et aucun code n’a été envoyé. Contactez la Ville "
        "de Paris pour retrouver l’accès à votre compte."
    )
