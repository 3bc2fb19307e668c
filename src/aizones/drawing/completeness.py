"""The completeness chart: for every pilot zone, which facets of its profile the graph has.

The rows are read from the dataset with ``ZONE_COMPLETENESS``, the SPARQL of the saved query
``zone-completeness`` (``tests/drawing/test_completeness.py`` holds the two texts equal), so the
chart shows exactly what ``aizones query zone-completeness`` lists: a grid of zones by facets, each
cell the count, an empty facet drawn as a pale red cell with a dash so that a gap is seen at a
glance (and read without colour). The zones are in the query's order, the thinnest first.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aizones.core.labels import pick_label, store_labels
from aizones.core.sparql import select
from aizones.drawing.charts import Formats, saved
from aizones.drawing.plotting import label_text, new_figure, printable, style

if TYPE_CHECKING:
    from aizones.core.dataset import Dataset

ZONE_COMPLETENESS = """PREFIX aiz: <https://w3id.org/aizones/ontology#>
PREFIX aizc: <https://w3id.org/aizones/concept/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?zone ?designations ?regions ?focus ?targets ?actuals ?areas ?organisations ?documents WHERE {
  { SELECT DISTINCT ?zone WHERE { { ?zone a aiz:PilotZone } UNION { ?zone a ?zoneKind . ?zoneKind rdfs:subClassOf+ aiz:PilotZone } } }
  OPTIONAL { SELECT ?zone (COUNT(DISTINCT ?designation) AS ?d) WHERE { ?zone aiz:designation ?designation } GROUP BY ?zone }
  OPTIONAL { SELECT ?zone (COUNT(DISTINCT ?region) AS ?r) WHERE { ?zone aiz:coversRegion ?region } GROUP BY ?zone }
  OPTIONAL {
    SELECT ?zone (COUNT(DISTINCT ?concept) AS ?f) WHERE {
      { SELECT DISTINCT ?zone ?s WHERE {
          { ?zone aiz:programme ?programme BIND(?zone AS ?s) } UNION { ?s aiz:concernsZone ?zone }
          UNION { ?zone aiz:coversRegion ?covered . ?s (aiz:locatedIn|aiz:headquarteredIn)* ?covered }
          UNION { ?zone aiz:coversRegion ?covered . ?s aiz:issuedBy ?issuer . ?issuer aiz:jurisdiction ?covered }
      } }
      ?s aiz:focusArea|aiz:applicationField|aiz:leadingApplicationField ?concept .
    }
    GROUP BY ?zone
  }
  OPTIONAL {
    SELECT ?zone (SUM(IF(?kind = aizc:target, 1, 0)) AS ?t) (SUM(IF(?kind = aizc:actual, 1, 0)) AS ?a) WHERE {
      { SELECT DISTINCT ?zone ?figure ?kind WHERE {
          { SELECT DISTINCT ?zone ?s WHERE {
              { ?zone aiz:programme ?programme BIND(?zone AS ?s) } UNION { ?s aiz:concernsZone ?zone }
              UNION { ?zone aiz:coversRegion ?covered . ?s (aiz:locatedIn|aiz:headquarteredIn)* ?covered }
          UNION { ?zone aiz:coversRegion ?covered . ?s aiz:issuedBy ?issuer . ?issuer aiz:jurisdiction ?covered }
          } }
          ?figure aiz:subject ?s ; aiz:figureKind ?kind .
      } }
    }
    GROUP BY ?zone
  }
  OPTIONAL {
    SELECT ?zone (COUNT(DISTINCT ?area) AS ?p) WHERE {
      # the places first and the kinds of the ontology apart, as the organisations below: joined
      # all at once, Oxigraph tests the class of every typed thing for subClassOf+ (108 s at 1M)
      { SELECT DISTINCT ?zone ?area WHERE {
          { ?zone aiz:coversRegion ?covered . ?area aiz:locatedIn+ ?covered }
          UNION { ?zone aiz:coversRegion? ?anchor . ?anchor aiz:coreArea ?area }
          UNION { ?area aiz:concernsZone ?zone }
      } }
      VALUES ?areaRoot { aiz:DesignatedArea aiz:IndustrialPark }
      { ?area a ?areaRoot } UNION { { SELECT DISTINCT ?areaKind ?areaRoot WHERE { ?areaKind rdfs:subClassOf+ ?areaRoot } } ?area a ?areaKind }
    }
    GROUP BY ?zone
  }
  OPTIONAL {
    SELECT ?zone (COUNT(DISTINCT ?organisation) AS ?o) WHERE {
      # the covered places first, once for each zone: joined the other way round, Oxigraph walks
      # aiz:locatedIn* out of the place of every organisation (over twelve minutes at 100k triples)
      { { SELECT DISTINCT ?zone ?place WHERE { ?zone aiz:coversRegion ?covered . ?place aiz:locatedIn* ?covered } }
        ?organisation aiz:locatedIn|aiz:headquarteredIn|aiz:jurisdiction ?place }
      UNION { ?organisation aiz:concernsZone ?zone }
      { ?organisation a aiz:Organisation }
      UNION { { SELECT DISTINCT ?organisationKind WHERE { ?organisationKind rdfs:subClassOf+ aiz:Organisation } } ?organisation a ?organisationKind }
    }
    GROUP BY ?zone
  }
  OPTIONAL {
    SELECT ?zone (COUNT(DISTINCT ?document) AS ?n) WHERE {
      { SELECT DISTINCT ?zone ?s WHERE {
          { ?zone aiz:programme ?programme BIND(?zone AS ?s) } UNION { ?s aiz:concernsZone ?zone }
          UNION { ?zone aiz:coversRegion ?covered . ?s (aiz:locatedIn|aiz:headquarteredIn)* ?covered }
          UNION { ?zone aiz:coversRegion ?covered . ?s aiz:issuedBy ?issuer . ?issuer aiz:jurisdiction ?covered }
      } }
      {
        # a file of graph/sources describes one document and states facts of the scope
        GRAPH ?graph { ?s ?property ?value }
        # a thing restated by its name, kind, code or place only is named there, not described
        FILTER(?property NOT IN (rdf:type, rdfs:label, aiz:locatedIn, aiz:note, aiz:divisionCode, aiz:wikidata, aiz:geonames))
        { SELECT ?graph (SAMPLE(?one) AS ?document) WHERE {
            GRAPH ?graph { ?one a aiz:SourceDocument }
            FILTER(STRSTARTS(STR(?graph), "https://w3id.org/aizones/graph/graph/sources/"))
          } GROUP BY ?graph HAVING (COUNT(DISTINCT ?one) = 1) }
      }
      UNION { ?figure aiz:subject ?s ; aiz:reportedIn ?document }
    }
    GROUP BY ?zone
  }
  BIND(COALESCE(?d, 0) AS ?designations)
  BIND(COALESCE(?r, 0) AS ?regions)
  BIND(COALESCE(?f, 0) AS ?focus)
  BIND(COALESCE(?t, 0) AS ?targets)
  BIND(COALESCE(?a, 0) AS ?actuals)
  BIND(COALESCE(?p, 0) AS ?areas)
  BIND(COALESCE(?o, 0) AS ?organisations)
  BIND(COALESCE(?n, 0) AS ?documents)
}
ORDER BY ?documents ?zone
"""
# The facets, as the query's columns and as the chart's column heads.
FACETS = (
    ("designations", "designation"),
    ("regions", "region"),
    ("focus", "focus"),
    ("targets", "targets"),
    ("actuals", "actuals"),
    ("areas", "parks, areas"),
    ("organisations", "organisations"),
    ("documents", "documents"),
)
FILLED, EMPTY, INK = "#c8e6c9", "#ffcdd2", "#263238"
ZONES = 80  # rows drawn at most, the thinnest first: past that a chart is taller than anyone reads


@dataclass(frozen=True)
class ZoneFacets:
    """One zone's row of the saved query: its IRI, its label (English first, as every picture picks it) and a count per facet."""

    zone: str
    label: str
    counts: tuple[int, ...]


def zone_facets(dataset: Dataset) -> list[ZoneFacets]:
    """Every pilot zone with its facet counts, in the query's order."""
    names, rows = select(dataset, ZONE_COMPLETENESS, shown_as="zone-completeness")
    found = []
    for row in rows:
        value = dict(zip(names, row, strict=True))
        label = pick_label(store_labels(dataset, value["zone"])) or value["zone"].value.rsplit("/", 1)[-1]
        found.append(ZoneFacets(value["zone"].value, label, tuple(int(value[name].value) for name, _head in FACETS)))
    return found


def completeness_chart(rows: list[ZoneFacets], fmt: Formats = "svg") -> bytes | tuple[bytes, ...]:
    """A grid of zones by facets: the count in each cell, an empty facet in pale red with a dash."""
    shown = rows[:ZONES]
    with style():
        figure = new_figure(10.5, 1.9 + 0.26 * len(shown))
        axes = figure.add_subplot()
        for y, row in enumerate(shown):
            for x, count in enumerate(row.counts):
                axes.add_patch(_cell(x, y, FILLED if count else EMPTY))
                axes.text(x, y, str(count) if count else "–", ha="center", va="center", fontsize=7.5, color=INK)
        axes.set_xlim(-0.5, len(FACETS) - 0.5)
        axes.set_ylim(len(shown) - 0.5, -0.5)
        axes.set_xticks(range(len(FACETS)), [head for _name, head in FACETS], fontsize=8)
        axes.xaxis.tick_top()
        axes.set_yticks(range(len(shown)), [printable(label_text(_short(row.label))) for row in shown], fontsize=7.5)
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
        empty = sum(1 for row in rows if not any(row.counts[2:]))
        caption = (
            f"{len(rows)} pilot zones, the thinnest first (fewest source documents). A cell counts what the graph holds "
            f"for the zone, its covered regions and what lies in them; a dash is a facet with nothing. "
            f"{empty} zone{'s' if empty != 1 else ''} with nothing beyond designation and region."
        )
        if len(rows) > len(shown):
            caption += f" The {len(shown)} thinnest are drawn; {len(rows) - len(shown)} more left out."
        figure.suptitle("What the graph knows of each pilot zone")
        caption = textwrap.fill(printable(caption), 150)  # characters of 7 pt DejaVu Sans across the figure
        figure.text(0.01, 0.01, caption, ha="left", va="bottom", fontsize=7, color="#3c4449")
        # fixed margins rather than the constrained layout, which left the longest zone name cut
        height = figure.get_figheight()
        figure.set_layout_engine("none")
        bottom, top = (0.25 + 0.13 * (caption.count("\n") + 1)) / height, 1 - 0.75 / height
        axes.set_position([0.25, bottom, 0.74, top - bottom])
        return saved(figure, fmt)


def _cell(x: int, y: int, colour: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.46, y - 0.42), 0.92, 0.84, facecolor=colour, edgecolor="none")


def _short(label: str) -> str:
    """The zone's label without the programme's long name: the place and the programme are enough."""
    for long in (" national new-generation AI innovation and development pilot zone", " AI innovation and application pilot zone",
                 " national AI innovation pilot zone"):  # fmt: skip
        label = label.replace(long, "")
    return label
