"""The Imported spend tab (Импорт расходов): the rows `sheetsync import` brought from the ad
cabinets, one per date × platform × campaign, with the activity each maps to and the file
it came from. The tab is also the import's store: it is read back on every run
(plan.read_imported), so it is laid out the same way whatever day it is rendered."""

from __future__ import annotations

from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.i18n import t, tab_title
from sheetsync.plan import IMPORTED_KEY
from sheetsync.plan.schema import IMPORTED
from sheetsync.render.cells import cells, date_values
from sheetsync.render.layout import table_tab


def render_imported(results: Results) -> OutputTab | None:
    """None when nothing was ever imported (no rows and no tab)."""
    plan = results.plan
    table = plan.imported
    frame = table.df
    if frame.empty and table.title is None:
        return None
    lang = plan.lang
    fmt = f"money:{plan.settings.currency or 'USD'}"
    ids = plan.activities.df.reset_index(drop=True)["id"].tolist()
    activity = [
        Cell(ids[a], bold=True) if a >= 0 else Cell(t(lang, "imported:unmapped"), fill="red")
        for a in frame["act"].tolist()
    ]
    text = {
        key: [t if isinstance(t, str) and t else None for t in frame[key].tolist()]
        for key in ("platform", "account", "campaign", "campaign_id", "file")
    }
    columns = [
        cells(date_values(frame["date"]), fmt="date"),
        cells(text["platform"]),
        cells(text["account"]),
        cells(text["campaign"]),
        cells(text["campaign_id"]),
        activity,
        cells(frame["cost"].tolist(), fmt=fmt),
        cells(frame["clicks"].tolist(), fmt="int"),
        cells(frame["impressions"].tolist(), fmt="int"),
        cells(frame["conversions"].tolist(), fmt="number"),
        cells(text["file"]),
        cells(date_values(frame["imported_on"]), fmt="date"),
    ]
    body = [list(row) for row in zip(*columns, strict=True)]
    tab = table_tab(
        IMPORTED_KEY,
        table.title or tab_title(lang, IMPORTED_KEY),
        t(lang, "imported:heading"),
        IMPORTED.header(lang),
        body,
    )
    return tab
