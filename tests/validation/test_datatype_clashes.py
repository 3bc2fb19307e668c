"""What the consistency check blames when HermiT finds the data inconsistent: a literal outside its
property's range. A language-tagged string is inside ``rdf:PlainLiteral`` (the range of
``aiz:theme`` and ``aiz:recognitionTitle``), so it is never blamed; a number there is."""

from __future__ import annotations

import shutil

from aizones.core.namespaces import AIZ
from aizones.reading.loader import load_dataset
from aizones.validation.consistency import _datatype_clashes
from tests.support.paths import REPO


def test_language_tagged_strings_fit_plain_literal_and_a_number_does_not(tmp_path):
    for name in ("ontology", "graph"):
        shutil.copytree(REPO / name, tmp_path / name)
    assert _datatype_clashes(load_dataset(tmp_path)) == [], "the project's tagged themes and titles are not blamed"
    (tmp_path / "graph" / "reference" / "planted.ttl").write_text(
        "@prefix aiz: <https://w3id.org/aizones/ontology#> .\n"
        '<https://w3id.org/aizones/id/planted-event> a aiz:Event ; aiz:theme "plain" , 7 , "tagged"@en .\n',
        encoding="utf-8",
    )
    blamed = _datatype_clashes(load_dataset(tmp_path))
    assert [(f.entity, f.property, f.value) for f in blamed] == [("https://w3id.org/aizones/id/planted-event", AIZ.theme, "7")]
