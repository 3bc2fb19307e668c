"""Releases: the sides ``aizones diff`` compares (folders or git revisions) and ``aizones release``."""
