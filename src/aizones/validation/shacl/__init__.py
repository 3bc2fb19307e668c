"""SHACL: the shapes graph read into Python (``shapes``), compiled into SPARQL (``compiler``) for the
fast engine (``fast``, with SHACL-SPARQL in ``sparql``), the engines' one result row
(``results``), the dispatcher with pySHACL as the reference engine (``engines``), and the wording
of each result (``messages``)."""

# The engines of ``--engine``: here, so that the command line reads them without loading them.
ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"
