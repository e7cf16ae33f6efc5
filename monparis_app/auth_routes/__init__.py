"""HTTP routes of the sign-in flows: where cookies are set and redirects happen."""
