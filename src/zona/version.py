"""The version of zona (the `zona-rb` distribution), read by the build and by `--version`."""

__version__ = "0.2.0"
