"""sheetsync keeps a marketing plan workbook honest: it reads the plan, computes where it
stands, and writes back KPI status, budget control, alerts, a checklist score, an owners
board and reports.

Library entry points: `open_workbook`, `sync`, `check`, `import_spend`.
"""

__version__ = "0.1.0"

from sheetsync.importer import import_spend
from sheetsync.sync import RunResult, check, open_workbook, sync

__all__ = ["RunResult", "__version__", "check", "import_spend", "open_workbook", "sync"]
