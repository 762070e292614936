"""The dashboard's figures: counts by month, event type and district, with no identities."""

from __future__ import annotations

from uncounted.report.counts import CountTable, tabulate
from uncounted.vault.analytics import analytic_counts
from uncounted.vault.session import VaultSession

__all__ = ["CountTable", "dashboard_counts"]


def dashboard_counts(vault: VaultSession) -> CountTable:
    """Counts of the vault's records over the analytic fields any signed-in user may see."""
    return tabulate(
        (c.event_type, c.event_month, c.district, c.source, c.count)
        for c in analytic_counts(vault.conn)
    )
