"""One module per journey: its result unions, its mutations, and the queries it needs."""
