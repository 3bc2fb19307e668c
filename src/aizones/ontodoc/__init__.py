"""The ontology's documentation page: the terms read from the ontology (``terms``), how IRIs are
named and linked (``links``), the SKOS schemes (``concepts``), the shapes in words (``shapes``),
and the page itself (``page``)."""
