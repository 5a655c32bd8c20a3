"""`python -m mmpp_desktop` behaves exactly like the `mmpp-desktop` command."""

import sys

from mmpp_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
