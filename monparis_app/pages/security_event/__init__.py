""" "Ce n'était pas moi": the page every security e-mail links to, to secure the account."""
