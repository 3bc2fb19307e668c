"""Every format the project reads or writes, in one registry: RDF, query results, graphs, pictures, reports.

Like Oxigraph's ``RdfFormat`` (extension, media type, whether it carries graphs) and rdflib's
plugin table, one entry per format says all the project needs to know about it; the input
parser, the writers, the query results, the build's file names and the command line's
``--format`` choices all read this table, so a format is added or renamed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    """An RDF syntax: read by the input parser, written by the exports and the build."""

    name: str
    extensions: tuple[str, ...]  # the first is the one written
    oxigraph: ox.RdfFormat
    carries_graphs: bool  # a dataset syntax (named graphs) rather than a triples one
    media_type: str

    @property
    def extension(self) -> str:
        return self.extensions[0]


RDF_FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", (".ttl",), ox.RdfFormat.TURTLE, False, "text/turtle"),
        RdfFormat("trig", (".trig",), ox.RdfFormat.TRIG, True, "application/trig"),
        RdfFormat("nt", (".nt",), ox.RdfFormat.N_TRIPLES, False, "application/n-triples"),
        RdfFormat("nq", (".nq",), ox.RdfFormat.N_QUADS, True, "application/n-quads"),
        RdfFormat("jsonld", (".jsonld",), ox.RdfFormat.JSON_LD, True, "application/ld+json"),
        RdfFormat("xml", (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML, False, "application/rdf+xml"),
    )
}

# The syntaxes a project file under ontology/ or graph/ may be written in: every one the input gate
# reads (the loader matches their extensions in any case, ``.TTL`` too; a dataset syntax's file
# must keep its triples in the default graph, which becomes the file's graph).
PROJECT_SYNTAXES = tuple(RDF_FORMATS)


@dataclass(frozen=True)
class ResultFormat:
    """A way to write the solutions of a SELECT or ASK query."""

    name: str
    extension: str
    media_type: str
    sparql: ox.QueryResultsFormat | None = None  # a W3C SPARQL results format, written by Oxigraph


RESULT_FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        # For people and spreadsheets: labels next to IRIs, amounts in words (``aizones.querying.results``).
        ResultFormat("table", ".txt", "text/plain"),
        ResultFormat("csv", ".csv", "text/csv"),
        ResultFormat("tsv", ".tsv", "text/tab-separated-values"),
        ResultFormat("json", ".json", "application/json"),
        # Exactly as the W3C specifications say.
        ResultFormat("sparql-json", ".srj", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ResultFormat("sparql-xml", ".srx", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ResultFormat("sparql-csv", ".csv", "text/csv", ox.QueryResultsFormat.CSV),
        ResultFormat("sparql-tsv", ".tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    )
}
TABLE_FORMATS = tuple(name for name, f in RESULT_FORMATS.items() if f.sparql is None)
# ``aizones query --format``: results of SELECT/ASK, or RDF for CONSTRUCT and DESCRIBE.
QUERY_OUTPUT_FORMATS = (*RESULT_FORMATS, *RDF_FORMATS)


@dataclass(frozen=True)
class FileFormat:
    """Any other format a command writes: graphs for network tools, pictures, reports."""

    name: str
    extension: str
    media_type: str


def _table(*formats: FileFormat) -> dict[str, FileFormat]:
    return {f.name: f for f in formats}


# The projected graph for Gephi, yEd, Cytoscape desktop and networkx (``aizones.drawing.graph_files``).
GRAPH_FORMATS = _table(
    FileFormat("graphml", ".graphml", "application/graphml+xml"),
    FileFormat("gexf", ".gexf", "application/gexf+xml"),
)
# Static diagrams and charts (matplotlib), and with them the interactive page (``aizones viz``).
DIAGRAM_FORMATS = _table(FileFormat("svg", ".svg", "image/svg+xml"), FileFormat("png", ".png", "image/png"))
PICTURE_FORMATS = {**_table(FileFormat("html", ".html", "text/html")), **DIAGRAM_FORMATS}
# ``aizones export --format``: RDF, or the projected graph.
EXPORT_CHOICES = (*RDF_FORMATS, *GRAPH_FORMATS)
# Validation reports (``aizones.validation.report``); turtle is a ``sh:ValidationReport``.
FINDINGS_FORMATS = _table(
    FileFormat("table", ".txt", "text/plain"),
    FileFormat("tsv", ".tsv", "text/tab-separated-values"),
    FileFormat("json", ".json", "application/json"),
    FileFormat("turtle", ".ttl", "text/turtle"),
)
# ``aizones explain``.
EXPLAIN_FORMATS = _table(FileFormat("text", ".txt", "text/plain"), FileFormat("json", ".json", "application/json"))
