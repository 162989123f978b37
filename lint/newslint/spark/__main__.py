"""``python -m newslint.spark``: see :func:`newslint.spark.main`."""

import sys

from newslint.spark import main

sys.exit(main())
