"""The Checklist Score tab: the overall score large at the top, then each section with its
score and its items, every item marked ✓ (green) or ✗ (red) with the evidence for it."""

from __future__ import annotations

from sheetsync.compute import Results
from sheetsync.contracts import Cell, OutputTab
from sheetsync.i18n import t, tab_title
from sheetsync.render.layout import header_cells, title_cell

# The alerts that speak against a section's score: spend control's broken limits and
# leaks, the budget's overruns.
SECTION_ALERTS = {
    "control": ("daily-limit", "weekly-limit", "monthly-limit", "daily-cap", "spend-after-end",
                "spend-while-stopped", "unknown-activity", "no-results", "spend-not-logged"),
    "budget": ("over-limit", "underfunded", "over-budget"),
}  # fmt: skip


def score_colour(score: float) -> str:
    """Green from 80 %, amber from 50 %, red below: how a lead reads a score at a glance."""
    if score >= 0.8:
        return "green"
    return "amber" if score >= 0.5 else "red"


def render_checklist(results: Results) -> OutputTab:
    checklist = results.checklist
    lang = results.plan.lang
    rows: list[list[Cell]] = [
        [title_cell(t(lang, "as_of", plan=results.plan.name, today=results.today.isoformat()))],
        [],  # room for the large score: programs do not always grow its row
        [
            Cell(checklist.score, fmt="percent", bold=True, size=24,
                 fill=score_colour(checklist.score)),
            Cell(t(lang, "checklist_score"), bold=True, size=14),
            Cell(t(lang, "items_passed", passed=checklist.passed, total=checklist.total),
                 size=14),
        ],
        [Cell(None), Cell(t(lang, "checklist_legend"))],
        [],
        # The items' IDs are for scripts: they stay in --json, not in the tab people read.
        header_cells([t(lang, k) for k in ("mark", "question", "evidence")]),
    ]  # fmt: skip
    frozen = len(rows)
    for section in checklist.sections:
        rows.append(
            [
                Cell(section.score, fmt="percent", bold=True, fill=score_colour(section.score)),
                Cell(section.title, bold=True, size=12),
                Cell(t(lang, "section_passed", passed=section.passed, total=section.total)),
            ]
        )
        # A section scored on what the plan says (a limit is set) may still have alerts
        # against it (the limit was broken): their count stands beside the score.
        open_alerts = [a for a in results.alerts if a.code in SECTION_ALERTS.get(section.key, ())]
        if open_alerts:
            critical = sum(a.severity == "critical" for a in open_alerts)
            rows[-1][2] = Cell(
                t(lang, "section_passed", passed=section.passed, total=section.total)
                + "; "
                + t(lang, "section_alerts", count=len(open_alerts), critical=critical),
                bold=True,
                fill="red" if critical else "amber",
                wrap=True,
            )
        for item in (i for i in checklist.items if i.section == section.key):
            rows.append(
                [
                    Cell("✓", bold=True, fill="green") if item.passed else
                    Cell("✗", bold=True, fill="red"),
                    Cell(item.question, wrap=True),
                    Cell(item.evidence, wrap=True),
                ]
            )  # fmt: skip
    return OutputTab(
        key="checklist-score",
        title=tab_title(lang, "checklist-score"),
        rows=rows,
        widths=[12.0, 58.0, 64.0],
        frozen_rows=frozen,
    )
