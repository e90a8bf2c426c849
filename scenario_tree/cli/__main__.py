"""``python -m scenario_tree.cli``."""

import sys

from .main import main

sys.exit(main())
