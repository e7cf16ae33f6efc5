"""What every door of the web shares, and nothing else: the paths (``routes``), the cookies
(``cookies``) and the client's address behind our proxies (``client_ip``).

GraphQL, the HTTP routes and the pages import these instead of importing each other.
"""
