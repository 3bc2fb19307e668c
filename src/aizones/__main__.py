"""``python -m aizones``: the same command line as the ``aizones`` script."""

import sys

from aizones.cli import main

sys.exit(main())
