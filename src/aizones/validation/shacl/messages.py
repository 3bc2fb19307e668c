"""What a SHACL finding says and which rule it names, the same whichever engine found it.

The message is the shape's own ``sh:message`` (the SPARQL constraint's, for ``sh:sparql``), with
``{?value}``, ``{$this}``, ``{?path}`` and the shape's parameters (``{$minCount}``) filled in;
a shape without one gets a plain sentence built from its constraint. The rule is the IRI of the
shape (or of the SPARQL constraint); a shape written as a blank node is named by the nearest
shape with an IRI that contains it.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from aizones.core.namespaces import RDF, SH
from aizones.validation.shacl.results import ShaclResult
from aizones.validation.shacl.shapes import ShapesGraph, Term, path_text

_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")

# Plain defaults, in the words of the recommendation, for shapes that bring no sh:message.
_DEFAULTS = {
    "Class": "{value} is not an instance of {class}",
    "Datatype": "{value} is not a well-formed literal of datatype {datatype}",
    "NodeKind": "{value} is not of node kind {nodeKind}",
    "MinCount": "has fewer than {minCount} values of {path}",
    "MaxCount": "has more than {maxCount} values of {path}",
    "MinExclusive": "{value} is not greater than {minExclusive}",
    "MinInclusive": "{value} is less than {minInclusive}",
    "MaxExclusive": "{value} is not less than {maxExclusive}",
    "MaxInclusive": "{value} is greater than {maxInclusive}",
    "MinLength": "{value} is shorter than {minLength} characters",
    "MaxLength": "{value} is longer than {maxLength} characters",
    "Pattern": "{value} does not match the pattern {pattern}",
    "LanguageIn": "{value} is not tagged with one of the languages {languageIn}",
    "UniqueLang": "has more than one value of {path} in the same language",
    "In": "{value} is not one of {in}",
    "HasValue": "lacks the value {hasValue} of {path}",
    "Node": "{value} does not conform to the shape {node}",
    "Not": "{value} conforms to the shape {not}, which it must not",
    "And": "{value} does not conform to all of the shapes {and}",
    "Or": "{value} conforms to none of the shapes {or}",
    "Xone": "{value} does not conform to exactly one of the shapes {xone}",
    "Closed": "{value} is a property the closed shape does not allow",
    "Equals": "{value} is not a value of both {path} and {equals}",
    "Disjoint": "{value} is a value of both {path} and {disjoint}",
    "LessThan": "{value} is not less than the values of {lessThan}",
    "LessThanOrEquals": "{value} is greater than the values of {lessThanOrEquals}",
    "QualifiedMinCount": "has fewer than {qualifiedMinCount} values of {path} that conform to {qualifiedValueShape}",
    "QualifiedMaxCount": "has more than {qualifiedMaxCount} values of {path} that conform to {qualifiedValueShape}",
}


def rule_of(shapes: ShapesGraph, result: ShaclResult) -> str:
    """The IRI a reader can look up in ``ontology/shapes.ttl``."""
    for node in (result.constraint, result.shape):
        if isinstance(node, ox.NamedNode):
            return node.value
    owner = shapes.named_owner(result.shape)
    return owner.value if owner is not None else result.component


def message_of(shapes: ShapesGraph, result: ShaclResult) -> str:
    own = _text(shapes, result.constraint) if result.constraint is not None else None
    own = own or _text(shapes, result.shape)
    if own is not None:
        return _PLACEHOLDER.sub(lambda m: _fill(shapes, result, m.group(1), m.group(0)), own)
    name = result.component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    template = _DEFAULTS.get(name, f"fails the constraint {result.component}")
    sentence = re.sub(r"\{(\w+)\}", lambda m: _fill(shapes, result, m.group(1), m.group(1)), template)
    return sentence[0].upper() + sentence[1:] + "."


def _text(shapes: ShapesGraph, node: Term | None) -> str | None:
    if node is None:
        return None
    messages = [m for m in shapes.objects(node, SH.message) if isinstance(m, ox.Literal)]
    preferred = sorted((m for m in messages if m.language in (None, "", "en")), key=lambda m: (m.language or "", m.value))
    chosen = preferred or sorted(messages, key=lambda m: m.value)
    return chosen[0].value if chosen else None


def _fill(shapes: ShapesGraph, result: ShaclResult, name: str, unknown: str) -> str:
    if name == "value":
        return _show(result.value) if result.value is not None else "the value"
    if name == "this":
        return _show(result.focus)
    if name == "path":
        return path_text(result.path) or "the path"
    values = shapes.objects(result.shape, SH[name])
    if not values:
        return unknown
    value = values[0]
    if isinstance(value, ox.BlankNode) and shapes.objects(value, RDF.first):
        return "(" + ", ".join(_show(item) for item in shapes.items(value)) + ")"
    return _show(value)


def _show(term: Term) -> str:
    if isinstance(term, ox.Literal):
        return f'"{term.value}"' + (f"@{term.language}" if term.language else "")
    if isinstance(term, ox.NamedNode):
        return term.value
    return "a blank node"
