"""HTML pages of the simulator (French, accessible, no JavaScript).

The texts follow the real FranceConnect pages where they matter to end-to-end
tests: the chooser heading, the provider buttons, the cancel link, the
"Identifiant" / "Mot de passe" form and the "Continuer sur …" button. Every
value inserted in the markup goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from fcsim.identities import IDENTITIES, SCENARIO_LOGINS, IdentityProvider

CLAIM_LABELS: dict[str, str] = {
    "given_name": "Prénom(s)",
    "family_name": "Nom de naissance",
    "preferred_username": "Nom d’usage",
    "gender": "Sexe",
    "birthdate": "Date de naissance",
    "birthplace": "Lieu de naissance (code INSEE)",
    "birthcountry": "Pays de naissance (code INSEE)",
    "email": "Adresse électronique",
}

_STYLE = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #161616; background: #fff; line-height: 1.5; }
body { margin: 0; }
header { background: #000091; color: #fff; padding: 0.75rem 1.5rem; }
header p { margin: 0; font-weight: 700; font-size: 1.25rem; }
header span { font-weight: 400; font-size: 1rem; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
footer { border-top: 1px solid #ddd; padding: 1rem 1.5rem; font-size: 0.875rem; color: #3a3a3a; }
h1 { font-size: 1.75rem; line-height: 1.25; }
a { color: #000091; }
button { font: inherit; cursor: pointer; border-radius: 0.25rem; }
button.primary, .idps button { background: #000091; color: #fff; border: 2px solid #000091;
  padding: 0.5rem 1.25rem; }
.idps { list-style: none; padding: 0; display: grid; gap: 0.75rem; }
.idps button { width: 100%; text-align: left; background: #fff; color: #000091; }
.idps button:hover, button.primary:hover { background: #1212ff; color: #fff; }
:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
.field { margin-bottom: 1rem; }
.field label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.field input { font: inherit; padding: 0.5rem; width: 100%; max-width: 24rem;
  border: 1px solid #3a3a3a; border-radius: 0.25rem; box-sizing: border-box; }
.error { border-left: 4px solid #ce0500; padding: 0.5rem 1rem; color: #ce0500;
  background: #fff; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: 0.5rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
th, td { border: 1px solid #ddd; padding: 0.375rem 0.5rem; text-align: left; }
code { font-size: 0.95em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
"""


def layout(title: str, body: str) -> str:
    """Wrap a page body in the common document, with landmarks and a title."""
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – FranceConnect (simulateur)</title>
<style>{_STYLE}</style>
</head>
<body>
<header><p>FranceConnect <span>– simulateur local</span></p></header>
<main id="contenu">
{body}
</main>
<footer><p>Simulateur de FranceConnect v2 pour le développement et les tests :
aucune donnée réelle n’est utilisée.</p></footer>
</body>
</html>
"""


def chooser_page(
    *, client_name: str, providers: Iterable[IdentityProvider], action: str, cancel_url: str
) -> str:
    """First page: choose the identity provider, or cancel back to the client."""
    buttons = "\n".join(
        f'<li><button type="submit" name="idp" value="{escape(idp.id)}">'
        f"{escape(idp.name)}</button></li>"
        for idp in providers
    )
    heading = f"Je choisis un compte pour me connecter sur {client_name}"
    body = f"""<h1>{escape(heading)}</h1>
<form method="post" action="{escape(action)}">
<ul class="idps">
{buttons}
</ul>
</form>
<p><a href="{escape(cancel_url)}">Annuler et revenir sur {escape(client_name)}</a></p>"""
    return layout(heading, body)


def login_page(
    *, provider: IdentityProvider, action: str, back_url: str, login: str = "", error: bool = False
) -> str:
    """The mock identity provider's login form, with the table of test identities."""
    described = ' aria-describedby="erreur" aria-invalid="true"' if error else ""
    alert = (
        '<div id="erreur" class="error" role="alert">'
        "<p>Identifiant ou mot de passe incorrect.</p></div>"
        if error
        else ""
    )
    body = f"""<h1>Connexion avec {escape(provider.name)}</h1>
<p>Fournisseur d’identité simulé. Le mot de passe de toutes les identités de test
est <strong>123</strong>.</p>
{alert}
<form method="post" action="{escape(action)}">
<div class="field">
<label for="login">Identifiant</label>
<input id="login" name="login" type="text" autocomplete="username" required
 value="{escape(login)}"{described}>
</div>
<div class="field">
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password"
 required{described}>
</div>
<button type="submit" class="primary">Se connecter</button>
</form>
<p><a href="{escape(back_url)}">Choisir un autre compte</a></p>
<h2>Identités de test</h2>
{_identities_table()}"""
    return layout(f"Connexion avec {provider.name}", body)


def _identities_table() -> str:
    """Visible list of the test logins, so a tester never has to look them up."""
    rows = [
        (identity.login, f"{identity.given_name} {identity.family_name}", identity.description)
        for identity in IDENTITIES
    ]
    rows += [(login, "—", description) for login, (_, description) in SCENARIO_LOGINS.items()]
    body = "\n".join(
        f"<tr><td><code>{escape(login)}</code></td><td>{escape(name)}</td>"
        f"<td>{escape(note)}</td></tr>"
        for login, name, note in rows
    )
    return f"""<table>
<caption>Identifiants disponibles (mot de passe : 123)</caption>
<thead><tr><th scope="col">Identifiant</th><th scope="col">Identité</th>
<th scope="col">Particularité</th></tr></thead>
<tbody>
{body}
</tbody>
</table>"""


def consent_page(
    *, client_name: str, provider: IdentityProvider, claims: Mapping[str, Any], action: str
) -> str:
    """The "Continuer sur …" page listing the data that will be sent to the client."""
    items = "\n".join(
        f"<dt>{escape(label)}</dt><dd>{escape(str(claims[name]) or '(vide)')}</dd>"
        for name, label in CLAIM_LABELS.items()
        if name in claims
    )
    details = f"<dl>\n{items}\n</dl>" if items else "<p>Aucune donnée d’identité.</p>"
    heading = f"Les données suivantes vont être transmises à {client_name}"
    body = f"""<h1>{escape(heading)}</h1>
<p>Vous êtes connecté avec {escape(provider.name)}.</p>
{details}
<form method="post" action="{escape(action)}">
<button type="submit" class="primary">Continuer sur {escape(client_name)}</button>
</form>"""
    return layout(heading, body)


def error_page(message: str, *, title: str = "Une erreur est survenue") -> str:
    """An error that must not be sent back to the client (untrusted redirect)."""
    body = f"""<h1>{escape(title)}</h1>
<div class="error" role="alert"><p>{escape(message)}</p></div>"""
    return layout(title, body)
