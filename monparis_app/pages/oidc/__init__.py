""" "Se connecter avec Mon Paris": the pages a City service's sign-in passes through."""
