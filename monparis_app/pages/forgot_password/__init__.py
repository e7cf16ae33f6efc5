"""``/mot-de-passe-oublie``, "Mot de passe oublié ?": the page (``page``) and its state (``state``)."""
