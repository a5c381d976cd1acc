"""sheetsync keeps a marketing plan workbook honest: it reads the plan, computes where it
stands, and writes back KPI status, budget control, alerts, a checklist score, an owners
board and reports.

Library entry points: `open_workbook`, `sync`, `check`.
"""

__version__ = "0.1.0"

from sheetsync.sync import RunResult, check, open_workbook, sync

__all__ = ["RunResult", "__version__", "check", "open_workbook", "sync"]
