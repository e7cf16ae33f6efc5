"""Every path of the site, written once, so links, redirects and routes cannot drift apart.

Pages (Reflex), HTTP routes (``monparis_app.http``), GraphQL, the probes, and the URLs the
launcher registers with the FranceConnect simulator all read their path here: changing one
is a one-line change. This module imports nothing, so any layer (core included) may use it.
"""

# --- pages ---------------------------------------------------------------------------------
HOME = "/"
SIGNUP = "/inscription"
SIGNUP_CODE = "/inscription/code"
SIGNUP_DONE = "/inscription/compte-cree"
SIGN_IN = "/connexion"
TERMS = "/conditions-generales-utilisation"
PRIVACY = "/donnees-personnelles"
FRANCECONNECT = "/franceconnect"
FRANCECONNECT_HELP = "/franceconnect/comment-l-utiliser"
FRANCECONNECT_ERROR = "/franceconnect/erreur"
FRANCECONNECT_LINK = "/franceconnect/lier-mon-compte"
FRANCECONNECT_CREATION = "/franceconnect/finaliser-mon-compte"
ACCOUNT = "/mon-compte"
FORGOT_PASSWORD = "/mot-de-passe-oublie"
# "Ce n'était pas moi": the link of every security e-mail (``?jeton=`` the event's token).
NOT_ME = "/ce-n-etait-pas-moi"
# Why a person was sent to the sign-in page: a fixed word, never personal data or a return URL.
SIGN_IN_REASON = "raison"
SIGN_IN_REASON_REQUIRED = "connexion-requise"  # a signed-in page was opened signed out
SIGN_IN_REQUIRED = f"{SIGN_IN}?{SIGN_IN_REASON}={SIGN_IN_REASON_REQUIRED}"
SIGN_IN_REASON_SERVICE = "service"  # a City service sent the person to sign in with Mon Paris
SIGN_IN_FOR_SERVICE = f"{SIGN_IN}?{SIGN_IN_REASON}={SIGN_IN_REASON_SERVICE}"
# Mon Paris as the OpenID Connect provider of the City's services: the consent and error pages.
OIDC_CONSENT = "/autoriser-un-service"
OIDC_ERROR = "/autoriser-un-service/erreur"
ACCESSIBILITY = "/accessibilite"
LEGAL_NOTICE = "/mentions-legales"
ABOUT = "/a-propos"
# Reflex's slug for the page shown at any unknown path (its own 404 route).
NOT_FOUND = "404"

# --- HTTP routes (cookies, redirects, downloads) ------------------------------------------
SESSION_COMPLETE = "/auth/session/complete"
LOGOUT = "/auth/logout"
NO_JAVASCRIPT = "/auth/sans-javascript"
ACCOUNT_EXPORT = "/mon-compte/mes-donnees.json"
# The name the browser saves the export under (the page links to it with this name).
EXPORT_FILENAME = "mes-donnees-mon-paris.json"
FRANCECONNECT_ROUTES = "/auth/franceconnect"  # also the path of the FranceConnect cookies
FRANCECONNECT_START = f"{FRANCECONNECT_ROUTES}/start"
FRANCECONNECT_LINK_START = f"{FRANCECONNECT_ROUTES}/link"
FRANCECONNECT_CALLBACK = f"{FRANCECONNECT_ROUTES}/callback"
FRANCECONNECT_LOGGED_OUT = f"{FRANCECONNECT_ROUTES}/logged-out"
FRANCECONNECT_CANCEL_CREATION = f"{FRANCECONNECT_ROUTES}/creation/cancel"
# A captcha's image and audio, rendered on request (also Starlette route templates).
CAPTCHA_MEDIA = "/captcha"
CAPTCHA_IMAGE = f"{CAPTCHA_MEDIA}/{{challenge_id}}/image.png"
CAPTCHA_AUDIO = f"{CAPTCHA_MEDIA}/{{challenge_id}}/audio.wav"

# The OpenID Connect provider (discovery names every endpoint; see core.oidc_provider).
OIDC_DISCOVERY = "/.well-known/openid-configuration"
OIDC_ROUTES = "/auth/oidc"  # also the path of the paused-request cookie's routes
OIDC_AUTHORIZE = f"{OIDC_ROUTES}/authorize"
OIDC_CONTINUE = f"{OIDC_ROUTES}/continue"
OIDC_CONSENT_DECISION = f"{OIDC_ROUTES}/consent"
OIDC_TOKEN = f"{OIDC_ROUTES}/token"
OIDC_USERINFO = f"{OIDC_ROUTES}/userinfo"
OIDC_JWKS = f"{OIDC_ROUTES}/jwks.json"
OIDC_END_SESSION = f"{OIDC_ROUTES}/logout"

# --- API and operations -------------------------------------------------------------------
GRAPHQL = "/graphql"
HEALTHZ = "/healthz"
READYZ = "/readyz"
METRICS = "/metrics"
DEV_MAILBOX = "/dev/mailbox"
DEV_CLOCK = "/dev/clock"
CONTACT = "/contact"
