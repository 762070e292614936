"""Database backends for Splink: DuckDB in-process by default, Spark in local mode on demand.

Spark is imported only when asked for, and its absence is reported with what to install.
"""

from __future__ import annotations

import tempfile
from typing import Any, Literal

from uncounted.errors import UncountedError

Backend = Literal["duckdb", "spark"]


class BackendUnavailable(UncountedError):
    """Raised when the chosen backend's software (pyspark, Java) is not installed."""


def duckdb_api() -> Any:
    """A fresh in-memory DuckDB database for one linkage run."""
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=connection)


def spark_api() -> Any:
    """A Splink Spark API on a local Spark session (all cores of this machine)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise BackendUnavailable(
            "--backend spark needs pyspark: install it with pip install 'uncounted[spark]'"
        ) from None
    from splink import SparkAPI

    try:
        builder: Any = SparkSession.builder
        session = (
            builder.master("local[*]")
            .appName("uncounted-link")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
    except Exception as error:
        raise BackendUnavailable(
            f"--backend spark could not start Spark ({type(error).__name__}); is Java 17 installed?"
        ) from None
    checkpoint = tempfile.mkdtemp(prefix="uncounted-spark-")
    session.sparkContext.setCheckpointDir(checkpoint)
    factory: Any = SparkAPI  # Splink's constructor is not annotated
    return factory(spark_session=session)


def make_api(backend: Backend) -> Any:
    """The Splink database API for *backend*."""
    return spark_api() if backend == "spark" else duckdb_api()
