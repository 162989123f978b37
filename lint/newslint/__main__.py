"""``python -m newslint`` is the ``newslint`` command."""

import sys

from newslint.cli import main

sys.exit(main())
