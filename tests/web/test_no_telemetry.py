"""No request is ever reported to OpenTelemetry, even when the process has a tracer configured.

FastAPI reports requests (URLs, parameters, validation errors with the typed values) to any
tracer provider configured in the process; an operator's auto-instrumentation, or another
library, could configure one and export them. uncounted switches that reporting off.
"""

from __future__ import annotations

import subprocess
import sys

from web_helpers import WebVault

_PROBE = """
import sys
from opentelemetry import trace
from opentelemetry.trace import INVALID_SPAN_CONTEXT, NonRecordingSpan

seen = []

class RecordingTracer(trace.Tracer):
    def start_span(self, name, *args, **kwargs):
        seen.append(name)
        return NonRecordingSpan(INVALID_SPAN_CONTEXT)

    def start_as_current_span(self, name, *args, **kwargs):
        seen.append(name)
        return trace.use_span(NonRecordingSpan(INVALID_SPAN_CONTEXT))

class RecordingProvider(trace.TracerProvider):
    def get_tracer(self, *args, **kwargs):
        return RecordingTracer()

trace.set_tracer_provider(RecordingProvider())

from pathlib import Path
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uncounted.web import WebSettings, app_for_vault

if sys.argv[2] == "uncounted":
    app = app_for_vault(WebSettings(vault=Path(sys.argv[1])))
else:  # the framework's defaults, to show the probe sees spans when they are made
    app = FastAPI()
    app.get("/signin")(lambda: "hello")
with TestClient(app, base_url="http://127.0.0.1") as client:
    assert client.get("/signin?q=Ruslan").status_code == 200
print(len(seen))
"""


def _spans(vault: WebVault, which: str) -> int:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(vault.path), which],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return int(run.stdout.split()[-1])


def test_no_span_reaches_a_configured_tracer(web_vault: WebVault) -> None:
    assert _spans(web_vault, "framework default") > 0  # the probe does see spans
    assert _spans(web_vault, "uncounted") == 0
