"""What every stage uses, importing nothing above it: the IRIs (``namespaces``), the errors and
their exit codes (``errors``), the dataset model (``dataset``), the one format registry
(``formats``), running SPARQL behind the network guard (``sparql``), the offline guard
(``offline``), time and memory limits (``limits``), the fork pool (``forkpool``), names and labels
(``names``: the one resolver), amounts in words (``amounts``), safe HTML (``safehtml``), query-file
headers (``queryfiles``) and the rdflib bridge for the reference engines (``rdflib_bridge``)."""
