"""Findings about the asserted data: the coordinator (``coordinator``) runs SHACL (``shacl/``), the
SPARQL checks of ``queries/checks/`` (``checks``) and HermiT's consistency check
(``consistency``); every validator makes its findings one way (``findings``), rendered by
``report``."""
