"""fcsim — a local FranceConnect v2 simulator (OpenID Connect provider).

It reproduces the behaviour of the FranceConnect v2 integration platform
(fcp-low, ``acr=eidas1``) closely enough that pointing Mon Paris at the real
platform is only a matter of configuration: same paths under ``/api/v2``,
same validation of the authorization request, ES256/RS256 signatures
published in a JWKS, a signed JWT from ``/userinfo``, pairwise ``sub``,
``at_hash`` in the id_token and ``/session/end`` logout.
"""
