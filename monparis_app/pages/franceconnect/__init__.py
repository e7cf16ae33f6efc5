"""FranceConnect's pages on Mon Paris: how to use it (``help``), what went wrong (``error``),
the e-mail conflict (``link``) and the terms of a FranceConnect sign-up (``creation``); the
ways on that they share are in ``common``."""
