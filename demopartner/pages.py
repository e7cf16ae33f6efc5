"""HTML pages of the demo partner (French, accessible, no JavaScript).

One layout with landmarks (``header``, ``main``, ``footer``), one ``h1`` per page, and every
value inserted in the markup through :func:`html.escape`: the claims come from outside. The
only style is one inline ``<style>`` element whose hash the Content-Security-Policy allows.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

SERVICE_NAME = "Demande de stationnement résident"
TAGLINE = "Service de démonstration de la Ville de Paris"

_STYLE = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #161616; background: #fff; line-height: 1.5; }
body { margin: 0; }
header { background: #1e3a5f; color: #fff; padding: 0.75rem 1.5rem; }
header p { margin: 0; font-weight: 700; font-size: 1.25rem; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
footer { border-top: 1px solid #ddd; padding: 1rem 1.5rem; font-size: 0.875rem; color: #3a3a3a; }
h1 { font-size: 1.75rem; line-height: 1.25; margin-bottom: 0.25rem; }
.tagline { margin-top: 0; color: #3a3a3a; }
a { color: #1e3a5f; }
button { font: inherit; cursor: pointer; border-radius: 0.25rem; background: #1e3a5f;
  color: #fff; border: 2px solid #1e3a5f; padding: 0.5rem 1.25rem; }
button:hover { background: #fff; color: #1e3a5f; }
:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
.error { border-left: 4px solid #ce0500; padding: 0.5rem 1rem; color: #ce0500; font-weight: 600; }
.greeting { font-size: 1.25rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
th, td { border: 1px solid #ddd; padding: 0.375rem 0.5rem; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
"""

STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
"""What the Content-Security-Policy's ``style-src`` allows: this style element and no other."""


@dataclass(frozen=True)
class ErrorPage:
    """An error shown to the user: a heading, a sentence, and maybe a technical code."""

    title: str
    message: str
    detail: str | None = None


def layout(title: str, body: str) -> str:
    """Wrap a page body in the common document, with landmarks and a title."""
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – {escape(SERVICE_NAME)}</title>
<link rel="icon" href="data:,">
<style>{_STYLE}</style>
</head>
<body>
<header><p>Ville de Paris – {escape(SERVICE_NAME)}</p></header>
<main id="contenu">
{body}
</main>
<footer><p>{escape(TAGLINE)} : elle montre comment un service de la Ville se connecte
avec Mon Paris. Aucune demande réelle n’est enregistrée.</p></footer>
</body>
</html>
"""


def home_page() -> str:
    """Signed out: what the service is, and the button to sign in with Mon Paris."""
    body = f"""<h1>{escape(SERVICE_NAME)}</h1>
<p class="tagline">{escape(TAGLINE)}</p>
<p>Pour demander votre carte de stationnement résident, connectez-vous avec votre compte
Mon Paris : vos informations seront reprises automatiquement.</p>
<form method="post" action="/login">
<button type="submit">Se connecter avec Mon Paris</button>
</form>"""
    return layout("Accueil", body)


def signed_in_page(id_token_claims: Mapping[str, Any], userinfo: Mapping[str, Any]) -> str:
    """Signed in: the greeting, every claim received, and the button to sign out."""
    merged = {**id_token_claims, **userinfo}
    name = " ".join(
        str(merged[claim]) for claim in ("given_name", "family_name") if merged.get(claim)
    )
    greeting = f"Bonjour {name}" if name else "Bonjour"
    body = f"""<h1>{escape(SERVICE_NAME)}</h1>
<p class="tagline">{escape(TAGLINE)}</p>
<p class="greeting">{escape(greeting)}</p>
<p>Vous êtes connecté avec Mon Paris. Voici les données que Mon Paris a transmises à ce
service.</p>
{claims_table(id_token_claims, userinfo)}
<form method="post" action="/logout">
<button type="submit">Se déconnecter</button>
</form>"""
    return layout("Connecté", body)


def claims_table(id_token_claims: Mapping[str, Any], userinfo: Mapping[str, Any]) -> str:
    """One row per claim; a claim both sources agree on is shown once, naming both."""
    rows: list[tuple[str, Any, str]] = []
    for claim, value in id_token_claims.items():
        same = claim in userinfo and userinfo[claim] == value
        rows.append((claim, value, "Jeton d’identité et UserInfo" if same else "Jeton d’identité"))
    for claim, value in userinfo.items():
        if not (claim in id_token_claims and id_token_claims[claim] == value):
            rows.append((claim, value, "UserInfo"))
    lines = "\n".join(
        f'<tr><th scope="row"><code>{escape(claim)}</code></th>'
        f"<td>{escape(format_value(value))}</td><td>{escape(source)}</td></tr>"
        for claim, value, source in rows
    )
    return f"""<table>
<caption>Données reçues de Mon Paris</caption>
<thead><tr><th scope="col">Donnée</th><th scope="col">Valeur</th>
<th scope="col">Source</th></tr></thead>
<tbody>
{lines}
</tbody>
</table>"""


def format_value(value: Any) -> str:
    """A claim as text: strings as they are, anything else (address, lists, booleans) as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def logged_out_page() -> str:
    """After the provider ended its session too and sent the browser back with our state."""
    body = """<h1>Vous êtes déconnecté du service et de Mon Paris.</h1>
<p><a href="/">Revenir à l’accueil</a></p>"""
    return layout("Déconnexion", body)


def error_page(error: ErrorPage) -> str:
    """A failure explained in French, with the way back to the home page."""
    detail = (
        f"<p>Détail technique : <code>{escape(error.detail)}</code></p>" if error.detail else ""
    )
    body = f"""<h1>{escape(error.title)}</h1>
<div class="error" role="alert"><p>{escape(error.message)}</p></div>
{detail}
<p><a href="/">Revenir à l’accueil</a></p>"""
    return layout(error.title, body)
