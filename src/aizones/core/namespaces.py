"""Every IRI the package uses, spelled once.

The project's own vocabularies (``AIZ`` for ontology terms, ``AIZC`` for SKOS concepts) refuse a
term they do not list, so a misspelt term fails where it is written instead of producing triples
nobody can query. ``tests/graph/test_ontology.py`` keeps the term lists equal to ``ontology/``.

IRIs are plain ``str`` so that this module imports nothing: the query path starts fast and every
engine (pyoxigraph, rdflib) wraps them in its own term type.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from urllib.parse import quote


class Vocabulary:
    """A namespace whose attributes are the IRIs of its terms.

    With ``terms`` given, only those local names are accepted (like rdflib's ``DefinedNamespace``
    with ``_fail = True``); without, any local name is (for the W3C vocabularies we only cite).
    """

    def __init__(self, base: str, terms: frozenset[str] | None = None) -> None:
        self._base = base
        self._terms = terms

    @property
    def base(self) -> str:
        return self._base

    @property
    def terms(self) -> frozenset[str]:
        return self._terms or frozenset()

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> str:
        if self._terms is not None and name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of <{self._base}>; add it to ontology/ first")
        return self._base + name

    def __contains__(self, iri: object) -> bool:
        if not isinstance(iri, str) or not iri.startswith(self._base):
            return False
        return self._terms is None or iri[len(self._base) :] in self._terms

    def local_name(self, iri: str) -> str:
        """The local name of ``iri`` in this vocabulary (``ValueError`` if it is not one)."""
        if iri not in self:
            raise ValueError(f"<{iri}> is not a term of <{self._base}>")
        return iri[len(self._base) :]


# Local names of the classes, properties and annotation properties of ontology/aizones.ttl.
AIZ_TERMS: frozenset[str] = frozenset(
    {
        "AIComputingCentre",
        "Agreement",
        "ClinicalTrialCentre",
        "CloudPark",
        "Company",
        "Country",
        "DataCentre",
        "DesignatedArea",
        "Designation",
        "DevelopmentZone",
        "DistrictOrCounty",
        "Document",
        "Event",
        "Facility",
        "Factory",
        "GovernmentBody",
        "HighTechZone",
        "Hospital",
        "IndustrialPark",
        "IndustryAlliance",
        "InnovationCentre",
        "InnovationPlatform",
        "LaunchCeremony",
        "MacroRegion",
        "MiitPilotZone",
        "Ministry",
        "MostPilotZone",
        "MunicipalBureau",
        "Municipality",
        "NewAreaBureau",
        "Organisation",
        "PilotZone",
        "Plan",
        "PolicyDocument",
        "PrefectureLevelCity",
        "Product",
        "ProductionLine",
        "Programme",
        "Project",
        "Province",
        "ProvinceLevelDivision",
        "ProvincialDepartment",
        "Recognition",
        "Region",
        "Report",
        "ReportedFigure",
        "ResearchInstitute",
        "ScienceCity",
        "SigningCeremony",
        "SourceDocument",
        "StateLevelNewArea",
        "Summit",
        "SupercomputingCentre",
        "TechnologyTransferCentre",
        "University",
        "aboutProduct",
        "adjacentTo",
        "affiliatedWith",
        "applicationField",
        "batch",
        "completionDate",
        "concernsZone",
        "conferredBy",
        "confidence",
        "confidenceNote",
        "convertedFrom",
        "copyUrl",
        "coreArea",
        "coversRegion",
        "datePrecision",
        "demonstrationSite",
        "designatedBy",
        "designates",
        "designation",
        "designationDate",
        "divisionCode",
        "documentNumber",
        "eventDate",
        "featuredIn",
        "figureKind",
        "focusArea",
        "foundedAt",
        "geonames",
        "growthRate",
        "headquarteredIn",
        "heldIn",
        "hostedBy",
        "indicator",
        "investsIn",
        "issuedBy",
        "jurisdiction",
        "leadingApplicationField",
        "letterNumber",
        "locatedIn",
        "madeBy",
        "makes",
        "mostSpecificKind",
        "noUrlReason",
        "note",
        "operatedBy",
        "operates",
        "organisedBy",
        "parentOrganisation",
        "partOf",
        "period",
        "periodEnd",
        "periodStart",
        "producedAt",
        "productKind",
        "programme",
        "publicationDate",
        "publishedBy",
        "publisherName",
        "qualifier",
        "recipient",
        "recognitionTitle",
        "releasedAt",
        "reportedBy",
        "reportedIn",
        "researchLead",
        "runBy",
        "signatory",
        "signedAt",
        "signedProject",
        "singleValuedPerSource",
        "sourceFile",
        "status",
        "statusDate",
        "subject",
        "tableRow",
        "target",
        "theme",
        "undertakenBy",
        "unit",
        "url",
        "value",
        "wikidata",
    }
)

# Local names of the concepts and concept schemes of the ontology's SKOS vocabularies.
AIZC_TERMS: frozenset[str] = frozenset(
    {
        "5g",
        "about",
        "actual",
        "advanced-computing",
        "agriculture",
        "ai-chips",
        "ai-enterprises",
        "ai-industry-scale",
        "ai-industry-value",
        "ai-market-value",
        "ai-medical-devices",
        "ai-servers",
        "application-fields",
        "application-layer",
        "at-least",
        "at-most",
        "attendees",
        "basic-hardware",
        "basic-layer",
        "big-data",
        "cloud-computing",
        "cny",
        "computing-speed",
        "computing-systems",
        "confidence-high",
        "confidence-levels",
        "confidence-low",
        "confidence-medium",
        "construction",
        "core-ai-output",
        "count",
        "count-per-year",
        "cpu-utilisation",
        "data-centres",
        "date-precisions",
        "demonstration-projects",
        "demonstration-scenarios",
        "digital-economy",
        "economic-rank",
        "edge-computing",
        "education",
        "employees",
        "energy",
        "energy-internet",
        "enterprises-applying-ai",
        "enterprises-served",
        "epidemic-prevention",
        "exact",
        "figure-kinds",
        "finance",
        "focus-areas",
        "healthcare",
        "high-tech-enterprises",
        "indicators",
        "industry",
        "intelligent-inspection",
        "intelligent-robots",
        "internet-of-things",
        "key-enterprises",
        "less-than",
        "logistics",
        "machine-vision",
        "manufacturing",
        "more-than",
        "multimodal-ai",
        "nearly",
        "operations-per-second",
        "partner-institutions",
        "percent",
        "pilot-zones",
        "precision-day",
        "precision-month",
        "precision-year",
        "product-chip",
        "product-kinds",
        "product-robot",
        "product-server",
        "product-sweeper",
        "product-unmanned-vehicle",
        "production-capacity",
        "projects-in-production",
        "qualifiers",
        "racks",
        "rank",
        "rd-investment",
        "recognised-units",
        "related-industry-scale",
        "remote-sensing",
        "research-projects-completed",
        "security",
        "semantic-recognition",
        "server-capacity",
        "smart-city",
        "smart-connected-vehicles",
        "smart-equipment",
        "smart-factories",
        "smart-sensors",
        "status-completed",
        "status-in-operation",
        "status-planned",
        "status-under-construction",
        "status-upgraded",
        "statuses",
        "target",
        "technology-layer",
        "transportation",
        "units",
        "units-produced",
        "universities-engaged",
        "unmanned-driving",
        "usd",
    }
)

ROOT = "https://w3id.org/aizones/"
AIZ = Vocabulary(ROOT + "ontology#", AIZ_TERMS)
AIZC = Vocabulary(ROOT + "concept/", AIZC_TERMS)
ID = Vocabulary(ROOT + "id/")
SHAPES = Vocabulary(ROOT + "shapes#")
GRAPH = Vocabulary(ROOT + "graph/")
ONTOLOGY_IRI = ROOT + "ontology"
INFERRED_GRAPH = GRAPH["inferred"]
# The dataset as a whole: described by hand in graph/release.ttl (its version and release date are
# data there, and only there) and by the build in a graph of its own (publishing.description).
DATASET_IRI = ROOT + "dataset"
DESCRIPTION_GRAPH = GRAPH["description"]

RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#")
OWL = Vocabulary("http://www.w3.org/2002/07/owl#")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#")
SH = Vocabulary("http://www.w3.org/ns/shacl#")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
DCTERMS = Vocabulary("http://purl.org/dc/terms/")
SCHEMA = Vocabulary("https://schema.org/")
ORG = Vocabulary("http://www.w3.org/ns/org#")
QB = Vocabulary("http://purl.org/linked-data/cube#")
SOSA = Vocabulary("http://www.w3.org/ns/sosa/")
VANN = Vocabulary("http://purl.org/vocab/vann/")
WD = Vocabulary("http://www.wikidata.org/entity/")
# The server's service description (``serving.service_description``) and the dataset description
# (``publishing.description``): SPARQL 1.1 Service Description, VoID, DCAT, FOAF (the formats' own
# IRIs come from Oxigraph's format registry).
SD = Vocabulary("http://www.w3.org/ns/sparql-service-description#")
VOID = Vocabulary("http://rdfs.org/ns/void#")
DCAT = Vocabulary("http://www.w3.org/ns/dcat#")
FOAF = Vocabulary("http://xmlns.com/foaf/0.1/")

# The prefixes written into Turtle, TriG and JSON-LD, and offered to every query.
PREFIXES: dict[str, str] = {
    "aiz": AIZ.base,
    "aizc": AIZC.base,
    "aizsh": SHAPES.base,
    "dcat": DCAT.base,
    "dcterms": DCTERMS.base,
    "foaf": FOAF.base,
    "id": ID.base,
    "org": ORG.base,
    "owl": OWL.base,
    "prov": PROV.base,
    "qb": QB.base,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "schema": SCHEMA.base,
    "sd": SD.base,
    "sh": SH.base,
    "skos": SKOS.base,
    "sosa": SOSA.base,
    "vann": VANN.base,
    "void": VOID.base,
    "wd": WD.base,
    "xsd": XSD.base,
}

# Namespaces whose terms describe RDF itself; inferences about them say nothing about the domain.
BUILTIN_BASES: tuple[str, ...] = (RDF.base, RDFS.base, OWL.base, XSD.base)


def graph_iri_for(relative_path: str) -> str:
    """The named graph of a project file: the graph base plus its path without the extension.

    ``graph/sources/000-x.ttl`` becomes ``https://w3id.org/aizones/graph/graph/sources/000-x``.
    The path is taken relative to the project root, in POSIX form, so the IRI does not depend on
    where the project is checked out. Each part of the path is percent-encoded as bytes (``a b#1.ttl``
    becomes ``a%20b%231``, a name that is not UTF-8 keeps its raw bytes: ``caf%E9``), leaving letters,
    digits and ``-._~`` as they are, so any file name gives one valid IRI and names of plain
    characters keep the IRI they always had.
    """
    path = PurePosixPath(relative_path)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"graph files are named by their path inside the project, not {relative_path!r}")
    stem = path.with_suffix("") if path.suffix else path
    return GRAPH["/".join(quote(os.fsencode(part), safe="") for part in stem.parts)]
