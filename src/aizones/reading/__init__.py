"""Files to dataset: the project's RDF files (``loader``), each opened safely (``core.files``), through
the strict parser (``parser``), with the cheap scans before it (``prescan``) and the terms every export
can carry (``portable``); and facts entered as CSV tables (``tables``, with ``table_file``,
``table_cells`` and ``table_kinds``; ``docs/tables.md``)."""
