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
# Why a person was sent to the sign-in page: a fixed word, never personal data or a return URL.
SIGN_IN_REASON = "raison"
SIGN_IN_REASON_REQUIRED = "connexion-requise"  # a signed-in page was opened signed out
SIGN_IN_REQUIRED = f"{SIGN_IN}?{SIGN_IN_REASON}={SIGN_IN_REASON_REQUIRED}"
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

# --- API and operations -------------------------------------------------------------------
GRAPHQL = "/graphql"
HEALTHZ = "/healthz"
READYZ = "/readyz"
METRICS = "/metrics"
DEV_MAILBOX = "/dev/mailbox"
DEV_CLOCK = "/dev/clock"
CONTACT = "/contact"
