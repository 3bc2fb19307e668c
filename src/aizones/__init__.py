"""aizones: a knowledge graph of China's national AI pilot zones.

The library does the work (``dataset``, ``validate``, ``reason``, ``query``, ``export``, ``build``);
``cli`` is a thin layer over it.
"""

__version__ = "0.1.0"
