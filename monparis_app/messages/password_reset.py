"""Forgotten password journey: what the reset page says besides the shared code messages."""

from __future__ import annotations

from monparis_app.messages.templates import Template

MESSAGES: dict[str, Template] = {
    # Whether or not the address has an account: the same words, so none is revealed.
    "password_reset.requested": (
        "Si un compte existe pour cette adresse, un code vous a été envoyé."
    ),
    "password_reset.done": (
        "Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter avec votre "
        "nouveau mot de passe. Par sécurité, toutes vos sessions ouvertes ont été terminées et "
        "un courriel vous a été envoyé."
    ),
    "password_reset.flow_expired": (
        "Votre demande a expiré. Saisissez de nouveau votre courriel pour recevoir un code."
    ),
    "password_reset.sends_exhausted": (
        "Vous avez demandé trop de codes pour cette demande. Saisissez de nouveau votre courriel."
    ),
    "password_reset.code_sent_again": (
        "Si un compte existe pour cette adresse, un nouveau code vous a été envoyé."
    ),
}
