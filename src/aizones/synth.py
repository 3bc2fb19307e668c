"""A deterministic generator of graphs in this project's ontology, for benchmarks and scale tests.

``synthesise(triples=N, seed=S, out=DIR)`` writes a whole project folder: a copy of the real
``ontology/`` and ``graph/synth/*.ttl``, one file per province (each file one source, so each file
is one named graph as in the real data) plus ``graph/synth/national.ttl`` (country, programmes,
ministries). The proportions follow the real graph: regions in a three-level hierarchy, pilot
zones with designations, organisations, facilities, products, events, and reported figures — the
bulk of the triples, as users add yearly figures for every city and company. The data conforms
to ``ontology/shapes.ttl``; the same N and seed give byte-identical files.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from aizones.core.formats import RDF_FORMATS
from aizones.core.namespaces import AIZ, AIZC, DCTERMS, ID, PROV, RDF, RDFS, XSD
from aizones.publishing.layout import HIDDEN_MANIFEST
from aizones.publishing.staging import Staging, publish
from aizones.publishing.targets import check_folder
from aizones.publishing.writers import serialize

# Roughly how many triples each kind of entity adds (measured on the output), used to size a run.
_TRIPLES_PER = {
    "company": 4.14,
    "institution": 4,
    "body": 4,
    "facility": 7,
    "product": 5,
    "event": 5,
    "source": 6,
    "zone": 11,
    "figure": 9.3,
}
# Share of the triple budget left after the regions, by kind; figures dominate as in real use.
_SHARES = {
    "company": 0.16,
    "institution": 0.05,
    "body": 0.02,
    "facility": 0.09,
    "product": 0.04,
    "event": 0.03,
    "source": 0.02,
    "zone": 0.01,
    "figure": 0.58,
}
CITIES_PER_PROVINCE = 12
DISTRICTS_PER_CITY = 6
TRIPLES_PER_PROVINCE = 30_000

_MONEY = ["core-ai-output", "related-industry-scale", "ai-market-value", "rd-investment"]
_COUNTS = ["ai-enterprises", "enterprises-applying-ai", "data-centres", "racks", "server-capacity", "employees", "enterprises-served"]
_INSTITUTIONS = ["University", "ResearchInstitute", "Hospital", "InnovationCentre", "IndustryAlliance"]
_FACILITIES = ["DataCentre", "AIComputingCentre", "SupercomputingCentre", "IndustrialPark", "CloudPark", "Factory", "InnovationPlatform"]
_STATUSES = ["status-planned", "status-under-construction", "status-in-operation", "status-upgraded", "status-completed"]
_QUALIFIERS = ["exact", "exact", "exact", "more-than", "about", "at-least"]
_PRODUCTS = ["product-server", "product-robot", "product-chip", "product-unmanned-vehicle", "product-sweeper"]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(datatype))


TYPE, LABEL = _n(RDF.type), _n(RDFS.label)


@dataclass
class _File:
    """The triples of one generated file."""

    triples: list[ox.Triple] = field(default_factory=list)

    def add(self, subject: ox.NamedNode, predicate: str, obj) -> None:
        self.triples.append(ox.Triple(subject, _n(predicate), obj))

    def entity(self, iri: str, cls: str, label: str, zh: str | None = None) -> ox.NamedNode:
        node = _n(iri)
        self.add(node, RDF.type, _n(cls))
        self.add(node, RDFS.label, _en(label))
        if zh:
            self.add(node, RDFS.label, ox.Literal(zh, language="zh"))
        return node


@dataclass(frozen=True)
class SynthResult:
    root: Path
    files: int
    triples: int


def synthesise(*, triples: int, seed: int, out: Path, ontology: Path) -> SynthResult:
    """Write a project of about ``triples`` triples into ``out`` (replacing its ``graph/synth``)."""
    chance = random.Random(seed)
    provinces = max(1, round(triples / TRIPLES_PER_PROVINCE))
    per_province = triples / provinces
    national = _national()
    files = {"national": national}
    for p in range(1, provinces + 1):
        files[f"province-{p:03d}"] = _province(p, per_province, chance)
    _top_up(files[f"province-{provinces:03d}"], f"synth-p{provinces:03d}", triples - sum(len(f.triples) for f in files.values()), chance)
    # Both folders are published as the build publishes dist/ (``publishing.staging``): refused unless
    # absent, empty or written by an earlier synth (marked by a hidden manifest the loader skips).
    project, target, copy = ontology.parent, out / "graph" / "synth", out / "ontology"
    sources = sorted(p for p in ontology.iterdir() if p.is_file())
    earlier = {"synth": r"(national|province-\d{3})\.ttl", "ontology": "|".join(re.escape(p.name) for p in sources)}
    check_folder(target, project=project, option="-o", known=earlier["synth"])
    check_folder(copy, project=project, option="-o", known=earlier["ontology"])
    total = sum(len(set(content.triples)) for content in files.values())

    def write_synth(staging: Staging) -> None:
        for name, content in files.items():
            quads = [ox.Quad(t.subject, t.predicate, t.object) for t in content.triples]
            staging.write_bytes(f"{name}.ttl", serialize(quads, RDF_FORMATS["turtle"]))

    def write_ontology(staging: Staging) -> None:
        for source in sources:
            staging.write_bytes(source.name, source.read_bytes())

    publish(copy, write_ontology, project=project, option="-o", manifest=HIDDEN_MANIFEST, known=earlier["ontology"])
    publish(target, write_synth, project=project, option="-o", manifest=HIDDEN_MANIFEST, known=earlier["synth"])
    return SynthResult(out, len(files), total)


def _national() -> _File:
    f = _File()
    country = f.entity(ID["synth-country"], AIZ.Country, "Synthetic Country", "合成国")
    for key, programme, ministry in (
        ("most", "Synthetic MOST programme", "Synthetic MOST"),
        ("miit", "Synthetic MIIT programme", "Synthetic MIIT"),
    ):
        body = f.entity(ID[f"synth-{key}"], AIZ.Ministry, ministry)
        f.add(body, AIZ.jurisdiction, country)
        prog = f.entity(ID[f"synth-{key}-programme"], AIZ.Programme, programme)
        f.add(prog, AIZ.runBy, body)
    return f


def _province(p: int, budget: float, chance: random.Random) -> _File:
    f = _File()
    code = f"{10 + p:02d}" if p < 90 else f"{p % 80 + 10:02d}"
    province = f.entity(ID[f"synth-p{p:03d}"], AIZ.Province, f"Synthetic Province {p}", f"合成省{p}")
    f.add(province, AIZ.divisionCode, ox.Literal(f"{code}0000"))
    f.add(province, AIZ.locatedIn, _n(ID["synth-country"]))
    cities, districts = [], []
    for c in range(1, CITIES_PER_PROVINCE + 1):
        city = f.entity(ID[f"synth-p{p:03d}-c{c:02d}"], AIZ.PrefectureLevelCity, f"Synthetic City {p}-{c}", f"合成市{p}-{c}")
        f.add(city, AIZ.divisionCode, ox.Literal(f"{code}{c:02d}00"))
        f.add(city, AIZ.locatedIn, province)
        cities.append(city)
        for d in range(1, DISTRICTS_PER_CITY + 1):
            district = f.entity(ID[f"synth-p{p:03d}-c{c:02d}-d{d}"], AIZ.DistrictOrCounty, f"Synthetic District {p}-{c}-{d}")
            f.add(district, AIZ.divisionCode, ox.Literal(f"{code}{c:02d}{d:02d}"))
            f.add(district, AIZ.locatedIn, city)
            districts.append(district)
    left = max(0.0, budget - len(f.triples))
    count = {kind: max(1, int(left * share / _TRIPLES_PER[kind])) for kind, share in _SHARES.items()}
    prefix = f"synth-p{p:03d}"

    sources = []
    for s in range(count["source"]):
        doc = f.entity(ID[f"{prefix}-doc-{s:04d}"], AIZ.SourceDocument, f"Synthetic report {p}-{s}")
        f.add(doc, AIZ.publisherName, ox.Literal(f"Synthetic Daily {p}"))
        f.add(doc, AIZ.publicationDate, _typed(f"2025-{s % 12 + 1:02d}-15", XSD.date))
        f.add(doc, AIZ.datePrecision, _n(AIZC["precision-day"]))
        f.add(doc, DCTERMS.language, _typed("en", XSD.language))
        sources.append(doc)

    bodies = []
    for b in range(count["body"]):
        body = f.entity(ID[f"{prefix}-bureau-{b:03d}"], AIZ.MunicipalBureau, f"Synthetic Bureau {p}-{b}")
        f.add(body, AIZ.jurisdiction, cities[b % len(cities)])
        bodies.append(body)

    companies = []
    for i in range(count["company"]):
        company = f.entity(ID[f"{prefix}-company-{i:05d}"], AIZ.Company, f"Synthetic Company {p}-{i}")
        f.add(company, AIZ.headquarteredIn, chance.choice(cities))
        if i % 7 == 0:
            f.add(company, AIZ.investsIn, province)
        companies.append(company)

    institutions = []
    for i in range(count["institution"]):
        kind = _INSTITUTIONS[i % len(_INSTITUTIONS)]
        org = f.entity(ID[f"{prefix}-institution-{i:04d}"], AIZ[kind], f"Synthetic {kind} {p}-{i}")
        f.add(org, AIZ.headquarteredIn, chance.choice(cities))
        institutions.append(org)

    facilities = []
    for i in range(count["facility"]):
        kind = _FACILITIES[i % len(_FACILITIES)]
        facility = f.entity(ID[f"{prefix}-facility-{i:05d}"], AIZ[kind], f"Synthetic {kind} {p}-{i}")
        f.add(facility, AIZ.locatedIn, chance.choice(districts))
        f.add(facility, AIZ.operatedBy, chance.choice(companies))
        f.add(facility, AIZ.status, _n(AIZC[_STATUSES[i % len(_STATUSES)]]))
        f.add(facility, AIZ.statusDate, _typed(str(2016 + i % 9), XSD.gYear))
        facilities.append(facility)

    for i in range(count["product"]):
        product = f.entity(ID[f"{prefix}-product-{i:05d}"], AIZ.Product, f"Synthetic product {p}-{i}")
        f.add(product, AIZ.madeBy, chance.choice(companies))
        f.add(product, AIZ.productKind, _n(AIZC[_PRODUCTS[i % len(_PRODUCTS)]]))

    for i in range(count["event"]):
        event = f.entity(ID[f"{prefix}-event-{i:04d}"], AIZ.Summit, f"Synthetic summit {p}-{i}")
        f.add(event, AIZ.eventDate, _typed(f"{2018 + i % 7}-{i % 12 + 1:02d}-01", XSD.date))
        f.add(event, AIZ.heldIn, chance.choice(cities))
        f.add(event, AIZ.organisedBy, chance.choice(bodies))

    zones = []
    for i in range(count["zone"]):
        key = "most" if i % 2 == 0 else "miit"
        zone_class = AIZ.MostPilotZone if key == "most" else AIZ.MiitPilotZone
        zone = f.entity(ID[f"{prefix}-zone-{i:03d}"], zone_class, f"Synthetic {key.upper()} zone {p}-{i}")
        designation = _n(ID[f"{prefix}-designation-{i:03d}"])
        f.add(zone, AIZ.programme, _n(ID[f"synth-{key}-programme"]))
        f.add(zone, AIZ.coversRegion, cities[i % len(cities)])
        f.add(zone, AIZ.designation, designation)
        f.add(designation, RDF.type, _n(AIZ.Designation))
        f.add(designation, AIZ.designates, zone)
        f.add(designation, AIZ.designatedBy, _n(ID[f"synth-{key}"]))
        f.add(designation, AIZ.designationDate, _typed(f"{2019 + i % 3}-{i % 12 + 1:02d}", XSD.gYearMonth))
        f.add(designation, AIZ.datePrecision, _n(AIZC["precision-month"]))
        f.add(designation, PROV.wasDerivedFrom, sources[i % len(sources)])
        zones.append(zone)

    subjects = [*cities, province, *companies[: max(1, len(companies) // 3)], *facilities[: max(1, len(facilities) // 2)], *zones]
    for i in range(count["figure"]):
        _figure(f, f"{prefix}-fig-{i:06d}", chance, chance.choice(subjects), sources[i % len(sources)])
    return f


def _top_up(f: _File, prefix: str, missing: int, chance: random.Random) -> None:
    """Add figures to the last province until the requested size is reached (the estimates are rough)."""
    subjects = sorted({t.subject for t in f.triples if t.predicate.value == AIZ.headquarteredIn}, key=str) or [f.triples[0].subject]
    sources = sorted({t.subject for t in f.triples if t.object == _n(AIZ.SourceDocument)}, key=str)
    start, i = len(f.triples), 0
    while len(f.triples) - start < missing:
        _figure(f, f"{prefix}-extra-fig-{i:06d}", chance, chance.choice(subjects), sources[i % len(sources)])
        i += 1


def _figure(f: _File, slug: str, chance: random.Random, subject: ox.NamedNode, source: ox.NamedNode) -> None:
    figure = _n(ID[slug])
    money = chance.random() < 0.5
    indicator = chance.choice(_MONEY if money else _COUNTS)
    target = chance.random() < 0.1
    f.add(figure, RDF.type, _n(AIZ.ReportedFigure))
    f.add(figure, AIZ.subject, subject)
    f.add(figure, AIZ.indicator, _n(AIZC[indicator]))
    f.add(figure, AIZ.period, _typed(str(chance.randint(2026, 2030) if target else chance.randint(2015, 2024)), XSD.gYear))
    value = chance.randint(1, 900) * (10_000_000 if money else 1)
    f.add(figure, AIZ.value, _typed(f"{value}.0", XSD.decimal))
    f.add(figure, AIZ.unit, _n(AIZC["cny" if money else "count"]))
    f.add(figure, AIZ.qualifier, _n(AIZC[chance.choice(_QUALIFIERS)]))
    f.add(figure, AIZ.figureKind, _n(AIZC["target" if target else "actual"]))
    if chance.random() < 0.3:
        f.add(figure, AIZ.growthRate, _typed(f"{chance.randint(-20, 80)}.0", XSD.decimal))
    f.add(figure, AIZ.reportedIn, source)
