"""``python -m wlzmonitor <command>``: see :mod:`wlzmonitor.cli`."""

import sys

from wlzmonitor.cli import main

sys.exit(main())
