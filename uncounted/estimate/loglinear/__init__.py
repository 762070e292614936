"""Log-linear multiple systems estimation (Rcapture's and SparseMSE's models, in Python).

``fit_loglinear(histories)`` is the entry point; the rest is exported for analysts who want
to fit or name a particular model.
"""

from uncounted.estimate.loglinear._api import fit_loglinear
from uncounted.estimate.loglinear._existence import Status
from uncounted.estimate.loglinear._model_fit import ModelFit, fit_model
from uncounted.estimate.loglinear._selection import LogLinearOptionError
from uncounted.estimate.loglinear._terms import (
    LogLinearModel,
    all_hierarchical_models,
    cell_patterns,
    parse_model_name,
)

__all__ = [
    "LogLinearModel",
    "LogLinearOptionError",
    "ModelFit",
    "Status",
    "all_hierarchical_models",
    "cell_patterns",
    "fit_loglinear",
    "fit_model",
    "parse_model_name",
]
