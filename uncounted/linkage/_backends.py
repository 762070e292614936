"""Database backends for Splink: DuckDB in-process by default, Spark in local mode on demand.

Spark is imported only when asked for, and its absence is reported with what to install.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from uncounted.errors import UncountedError

Backend = Literal["duckdb", "spark"]


class BackendUnavailable(UncountedError):
    """Raised when the chosen backend's software (pyspark, Java) is not installed."""


def duckdb_api() -> Any:
    """A fresh in-memory DuckDB database for one linkage run.

    Spilling to disk is turned off (an empty ``temp_directory``): left to itself, DuckDB
    offloads what does not fit in memory to ``.tmp`` in the working directory, in plaintext,
    and the tables of a linkage run hold folded names. A run too big for memory fails with
    DuckDB's out-of-memory error instead of writing them there."""
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute("SET temp_directory = ''")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=connection)


def spark_api(checkpoint: str) -> Any:
    """A Splink Spark API on a local Spark session (all cores), checkpointing in *checkpoint*."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise BackendUnavailable(
            "--backend spark needs pyspark: install it with pip install 'uncounted[spark]'"
        ) from None
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    try:
        builder: Any = SparkSession.builder
        session = (
            builder.master("local[*]")
            .config("spark.jars", similarity_jar_location())
            .appName("uncounted-link")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
    except Exception as error:
        raise BackendUnavailable(
            f"--backend spark could not start Spark ({type(error).__name__}); is Java 17 installed?"
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(checkpoint)
    factory: Any = SparkAPI  # Splink's constructor is not annotated
    return factory(spark_session=session)


@contextmanager
def backend_api(backend: Backend) -> Iterator[Any]:
    """The Splink database API for *backend*; Spark's checkpoint files are removed after.

    Checkpoints hold folded name keys, so they must not outlive the run.
    """
    if backend != "spark":
        yield duckdb_api()
        return
    checkpoint = tempfile.mkdtemp(prefix="uncounted-spark-")
    try:
        yield spark_api(checkpoint)
    finally:
        shutil.rmtree(checkpoint, ignore_errors=True)
