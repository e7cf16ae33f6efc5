"""``/mon-compte``, "Gérer vos données personnelles": the page (``page``), its shared read side
(``state.AccountState``) and one module per section, each holding its view and its sub-state."""
