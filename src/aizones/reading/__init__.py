"""Files to dataset: the project's RDF files (``loader``), each opened safely (``core.files``), through
the strict parser (``parser``), with the cheap scans before it (``prescan``) and the terms every export
can carry (``portable``)."""
