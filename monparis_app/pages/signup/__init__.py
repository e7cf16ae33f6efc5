"""The e-mail sign-up guide: the form (``form``), the e-mailed code (``code``), the
confirmation (``done``); each page with its state beside it (``*_state``)."""
