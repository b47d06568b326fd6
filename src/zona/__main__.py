"""`python -m zona`."""

from zona.cli import main

raise SystemExit(main())
