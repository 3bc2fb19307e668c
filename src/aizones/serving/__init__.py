"""``aizones serve``: the published graph in a browser, and a read-only SPARQL 1.1 endpoint.

The server reads what the build published (the release's on-disk store, opened read-only, as
``query`` opens it) and never writes. ``app`` puts the parts together: ``sparql_endpoint`` (the
SPARQL 1.1 Protocol at ``/sparql``), the pages (home, search, entity pages, saved queries, the
query editor), ``rendering`` (Jinja2 with autoescaping, the one template environment) and
``security`` (the headers every response carries). ``runner`` runs every query a request asks
for, pages and endpoint alike, under the server's limits.
"""
