"""`python -m zona`."""

from zona.cli.main import main

raise SystemExit(main())
