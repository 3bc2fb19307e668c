"""SHACL: the shapes graph read into Python (``shapes``), compiled into SPARQL (``compiler``) for the
fast engine (``fast``, with SHACL-SPARQL in ``sparql``), pySHACL as the reference (``reference``),
the engines' one result row (``results``), the dispatcher (``engines``) and the wording of each
result (``messages``)."""
