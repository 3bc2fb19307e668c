"""aizones: a knowledge graph of China's national AI pilot zones.

The public API (``aizones.api``), one function per thing a user does:

``load``      the project's dataset, from a current build or from the files
``build``     read, validate, reason and publish ``dist/`` atomically
``validate``  SHACL, the SPARQL checks and OWL consistency: findings
``reason``    the OWL 2 RL closure, in its own named graph
``query``     a saved query by name, or SPARQL text: names and rows
``explain``   everything the graph says about one entity, by source
``export``    the dataset in an RDF format, or the projected graph
``draw``      the interactive page or a static diagram
``path``      how two entities are connected, each step with its sources
``network``   the network report: who bridges the zones, which clusters form
``diff``      what changed between two releases: entities, facts, figures, conflicts
``release``   the current build as ``release/aizones-VERSION/``, with checksums and changelog

>>> import aizones
>>> dataset = aizones.load(".")
>>> aizones.explain(dataset, "Changsha").kinds
['prefecture-level city']

The stages live in packages by pipeline step (``core``, ``reading``, ``validation``,
``reasoning``, ``publishing``, then ``querying``, ``drawing``, ``ontodoc``, then ``connections``; ``cli`` on top):
``docs/architecture.md``. They are nouns because the verbs above are these functions.
The names above are loaded on first use, so that importing one stage does not load them all.
"""

__all__ = [
    "__version__",
    "build",
    "diff",
    "draw",
    "explain",
    "export",
    "load",
    "network",
    "path",
    "push",
    "query",
    "query_endpoint",
    "reason",
    "release",
    "serve",
    "validate",
]


def __getattr__(name: str):
    if name == "__version__":  # the one version, pyproject.toml's
        from importlib.metadata import version  # read when asked: importlib.metadata is slow to import

        return version("aizones")
    if name in __all__:
        from aizones import api  # on first use (PEP 562): ``import aizones.core…`` stays light for the CLI

        return getattr(api, name)
    raise AttributeError(f"module 'aizones' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
