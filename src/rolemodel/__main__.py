"""``python -m rolemodel``: the ``rolemodel`` command."""

import sys

from rolemodel._cli import main

sys.exit(main())
