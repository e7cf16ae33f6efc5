"""``/connexion``, "Se connecter": the page (``page``) and its state (``state``)."""
