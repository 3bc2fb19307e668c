"""Questions over the published dataset: saved queries with typed parameters (``saved``), results
rendered for people and tools (``results``), everything about one entity (``explain``), counts
(``stats``), and every saved query answered into ``dist/queries/`` (``answers``)."""
