"""OWL 2 RL materialisation into its own named graph (``materialise``): the schema closed in Python
(``schema``), the instance rules as SPARQL (``rules``), run to a fixpoint in the store
(``fixpoint``), then each entity's most specific kind (``kinds``); owlrl is the reference engine."""

# The engines of ``aizones build --reasoner``: here, so that the command line reads them without loading them.
ENGINES = ("oxigraph", "owlrl")
DEFAULT_ENGINE = "oxigraph"
