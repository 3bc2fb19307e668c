"""Findings sort in one order whatever order they came in: the report's bytes depend on it.

One value can break two constraints of one shape, giving two findings alike in level, file,
entity, property, value and rule; sorted on those alone they kept the order of a set, which
changes from process to process (string hashing is seeded), and the two engines' reports were
compared unequal now and then (the full suite failed once on the real graph with problems planted).
"""

from __future__ import annotations

import dataclasses
import random

from aizones.validation.findings import Finding, sort_findings

BASE = Finding(
    level="error",
    rule="https://w3id.org/aizones/shapes#Wikidata-item",
    entity="https://w3id.org/aizones/id/harbin",
    label="Harbin",
    file="graph/reference/regions.ttl",
    property="https://w3id.org/aizones/ontology#wikidata",
    value="Q42",
    message="Link the Wikidata item as an IRI",
    validator="shacl",
)


def test_findings_alike_but_for_their_component_or_message_sort_the_same_from_any_order():
    alike = [dataclasses.replace(BASE, component=f"http://www.w3.org/ns/shacl#C{i:02d}", message=f"m{i % 3}") for i in range(24)]
    expected = sorted(alike, key=lambda f: (f.component, f.message))
    generator = random.Random(7)
    for _ in range(20):
        shuffled = alike[:]
        generator.shuffle(shuffled)
        assert sort_findings(shuffled) == expected


def test_every_field_takes_part_in_the_order():
    fields = [f.name for f in dataclasses.fields(Finding) if f.name != "level"]
    for name in fields:
        value = getattr(BASE, name)
        other = dataclasses.replace(BASE, **{name: (not value) if isinstance(value, bool) else f"{value}~"})
        assert Finding.sort_key(BASE) != Finding.sort_key(other), f"{name} does not take part in the order"
