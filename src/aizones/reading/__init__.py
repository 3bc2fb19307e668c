"""Files to dataset: the project's RDF files (``loader``) through the strict parser (``parser``),
with the cheap scans before it (``prescan``) and the terms every export can carry (``portable``)."""
