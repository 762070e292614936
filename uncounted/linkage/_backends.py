"""Database backends for Splink: DuckDB in-process by default, Spark in local mode on demand.

Spark is imported only when asked for, and its absence is reported with what to install.
u is estimated in DuckDB either way, so both backends score with one model (see ``score_pairs``),
and Spark computes Jaro-Winkler as DuckDB does (:func:`jaro_winkler`), so both compare alike.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, Literal

import pandas as pd

from uncounted.errors import UncountedError

Backend = Literal["duckdb", "spark"]


class BackendUnavailable(UncountedError):
    """Raised when the chosen backend's software (pyspark, Java) is not installed."""


def duckdb_api() -> Any:
    """A fresh in-memory DuckDB database for one linkage run.

    Spilling to disk is turned off (an empty ``temp_directory``): left to itself, DuckDB
    offloads what does not fit in memory to ``.tmp`` in the working directory, in plaintext,
    and the tables of a linkage run hold folded names. A run too big for memory fails with
    DuckDB's out-of-memory error instead of writing them there. Nothing is printed on
    stdout (DuckDB's progress bar is off)."""
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute("SET temp_directory = ''")
    connection.execute("SET preserve_insertion_order = false")
    # DuckDB prints a progress bar on this process's stdout for a query over two seconds:
    # a script's or the web server's output (and a --json document) is not the place
    connection.execute("SET enable_progress_bar_print = false")
    return DuckDBAPI(connection=connection)


def jaro_winkler(left: pd.Series, right: pd.Series) -> pd.Series:
    """Jaro-Winkler similarity of two columns (pandas Series) as DuckDB computes it.

    Splink's Spark function (a Java library) counts matching letters in a narrower window
    than DuckDB's: 'ru-ce-galanchozhsky' / 'ru-ce-grozny' is 0.872 there and 0.881 in
    DuckDB, on either side of a level's 0.88, and the two backends put 18 of 1,185 pairs
    of a 310-record world at different place levels. rapidfuzz is the library DuckDB's
    function comes from: on 20,414 pairs the two agreed to 1e-16. An empty string is
    0, as in DuckDB (rapidfuzz says 1 for two)."""
    from rapidfuzz.distance import JaroWinkler

    similarity = [
        None if a is None or b is None else (JaroWinkler.similarity(a, b) if a and b else 0.0)
        for a, b in zip(left, right, strict=True)
    ]
    return pd.Series(similarity, dtype="float64")


#: Spark's settings for what it writes to disk (Spark's security guide): shuffle files,
#: spills and blocks of cached tables and broadcasts are encrypted with a key made for the
#: session and held in memory (they are only compressed otherwise: a run's shuffle files held
#: 'LZ4Block' streams, and a table Splink wrote in its checkpoint directory held surnames);
#: the key crosses Spark's own connections, so those are authenticated and encrypted too
#: (Spark warns otherwise; in local mode the secret is made for the session).
SPARK_DISK_ENCRYPTION = {
    "spark.io.encryption.enabled": "true",
    "spark.authenticate": "true",
    "spark.network.crypto.enabled": "true",
}

_spark_directory: list[str] = []


def spark_directory() -> str:
    """Spark's local directory for this process (its block, shuffle and pyspark's temporary
    files), made once and removed when Python exits. What a killed process leaves in it is
    encrypted (SPARK_DISK_ENCRYPTION) with a key that lived only in that process's memory."""
    if not _spark_directory:
        made = tempfile.mkdtemp(prefix="uncounted-spark-")
        atexit.register(shutil.rmtree, made, ignore_errors=True)
        _spark_directory.append(made)
    return _spark_directory[0]


def spark_api() -> Any:
    """A Splink Spark API on a local Spark session (all cores) that writes nothing readable.

    Splink keeps its intermediate tables cached (``persist``: in memory, and on disk only as
    Spark's encrypted blocks) instead of its default of writing them as parquet files, which
    Spark does not encrypt. A session started before, without the encryption, is refused."""
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
        builder = (
            builder.master("local[*]")
            .config("spark.jars", similarity_jar_location())
            .appName("uncounted-link")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", "4g")
            .config("spark.pyspark.python", sys.executable)
            .config("spark.local.dir", spark_directory())
        )
        for key, value in SPARK_DISK_ENCRYPTION.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
    except Exception as error:
        raise BackendUnavailable(
            f"--backend spark could not start Spark ({type(error).__name__}); is Java 17 installed?"
        ) from None
    settings = session.sparkContext.getConf()
    if any(settings.get(key) != value for key, value in SPARK_DISK_ENCRYPTION.items()):
        raise BackendUnavailable(
            "--backend spark found a Spark session started without encrypting its local files"
        )
    session.sparkContext.setLogLevel("ERROR")
    factory: Any = SparkAPI  # Splink's constructor is not annotated
    api = factory(spark_session=session, break_lineage_method="persist")
    # After Splink's own functions are registered, so this one replaces its jaro_winkler.
    from pyspark.sql.pandas.functions import pandas_udf

    vectorised: Any = pandas_udf  # its overloads do not take a function typed with Series
    session.udf.register("jaro_winkler", vectorised(jaro_winkler, "double"))
    return api


@contextmanager
def backend_api(backend: Backend) -> Iterator[Any]:
    """The Splink database API for *backend*; Spark's cached tables are dropped after
    (quietly when the run failed: its error is the one raised).

    With encryption on, pyspark sends a table to Spark through a socket it never closes
    (``SparkContext._serialize_to_jvm`` keeps the file, drops the socket: pyspark 4.3.0), and
    Python warns when it is collected; that warning alone is silenced, during the run.
    """
    if backend != "spark":
        yield duckdb_api()
        return
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", r"unclosed <socket\.socket", ResourceWarning, r"pyspark\."
        )
        api = spark_api()
        try:
            yield api
        except BaseException:
            # Spark may have failed already (an executor lost, the JVM gone): dropping its
            # cache then fails too, and that second error must not hide the first
            with suppress(Exception):
                api.spark.catalog.clearCache()
            raise
        api.spark.catalog.clearCache()
