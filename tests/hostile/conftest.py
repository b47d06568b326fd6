"""The local Spark session of tests/batch, for the SQL injection tests here."""

from tests.batch.conftest import spark

__all__ = ["spark"]
