"""Relationships as a network: shortest paths between two entities (``paths``) and the report of
who bridges what (``report``), both over the projection the pictures draw (docs/projection.md)."""
