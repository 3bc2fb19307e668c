"""Pictures of the graph: the one projection to networkx (``projection``, from the asserted index
``asserted_index`` and the panel's facts ``node_panel``), narrowing it (``selection``), node
positions (``positions``), the interactive page (``page``, with ``assets/`` and ``vendor/``),
static diagrams (``diagrams``), charts of the figures (``charts``, ``figure_rows``), matplotlib's
shared settings (``plotting``), GraphML and GEXF (``graph_files``), and the build's set
(``pictures``)."""
