"""The strategy checklist score (docs/accountability.md): 18 automatic items and the team's own.

Each automatic item has a stable ID, a section, a question a marketing lead asks of the
plan, and passes or fails with evidence that names the rows ("No owner: G3, G5 (2 of 5
goals)"). The team's Checklist tab items join the section they name (matched in English
or Russian); a section name sheetsync does not know becomes a section of its own.
Score per section and overall = passed ÷ items.

An item about "every goal" or "every activity" fails when there is none: an empty plan
scores low, not perfect. Cancelled activities are left out, as in coverage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from sheetsync.compute import coverage
from sheetsync.compute.coverage import Coverage
from sheetsync.compute.figures import number_or_none
from sheetsync.i18n import count_of, money, t
from sheetsync.plan.schema import norm

if TYPE_CHECKING:
    from sheetsync.compute.alerts import Alert
    from sheetsync.compute.budget import BudgetSummary
    from sheetsync.plan import Plan

SECTIONS = ("goals", "activities", "budget", "control", "owners", "reporting", "results")

# The automatic items in the spec's order, which is also section order.
ITEMS: tuple[tuple[str, str], ...] = (
    ("goals-measurable", "goals"),
    ("goals-dated", "goals"),
    ("goals-owned", "goals"),
    ("goals-have-activities", "activities"),
    ("activities-serve-goals", "activities"),
    ("activities-have-channel", "activities"),
    ("budget-mode", "budget"),
    ("budget-fits", "budget"),
    ("activities-budgeted", "budget"),
    ("control-controller", "control"),
    ("control-method", "control"),
    ("control-limits", "control"),
    ("control-logged", "control"),
    ("activities-owned", "owners"),
    ("goals-incentives", "owners"),
    ("reporting-rule", "reporting"),
    ("reporting-complete", "reporting"),
    ("results-fresh", "results"),
)

# What a team may write in the Section column for each section, besides its en/ru title.
SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "goals": ("Goal", "Цель", "KPI"),
    "activities": ("Activity", "Активность", "Мероприятия", "Actions", "Действия"),
    "budget": ("Budgets", "Бюджеты"),
    "control": (
        "Budget control",
        "Контроль бюджета",
        "Spend control",
        "Контроль расходов",
    ),
    "owners": ("Owner", "Ответственный", "Responsibility", "Ответственность"),
    "reporting": ("Reports", "Report", "Отчёты", "Отчет", "Отчёт", "Отчетность"),
    "results": ("Result", "Результат"),
    "other": (),
}

MAX_IDS = 10  # evidence names at most this many rows, then "and N more"
MAX_NAMED_RULES = 3  # up to this many complete reporting rules are spelled out by name


@dataclass(frozen=True)
class Item:
    id: str
    section: str  # section key
    passed: bool
    evidence: str
    question: str
    cell: str | None = None  # team items: their Done cell

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "passed": self.passed,
            "evidence": self.evidence,
            "question": self.question,
        }


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    passed: int
    total: int

    @property
    def score(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class Checklist:
    """Every item, in section order; `sections` and `score` are derived from them."""

    lang: str
    items: list[Item]
    titles: dict[str, str] = field(default_factory=dict)  # section key -> title, in order

    @property
    def sections(self) -> list[Section]:
        out = []
        for key, title in self.titles.items():
            mine = [i for i in self.items if i.section == key]
            if mine:
                out.append(Section(key, title, sum(i.passed for i in mine), len(mine)))
        return out

    @property
    def passed(self) -> int:
        return sum(i.passed for i in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def score(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "sections": {s.key: s.score for s in self.sections},
            "items": [i.to_json() for i in self.items],
            "passed": self.passed,
            "total": self.total,
        }


def section_key(name: object) -> str | None:
    """The automatic section a team's Section cell names, in English or Russian."""
    if not isinstance(name, str) or not name.strip():
        return "other"
    wanted = norm(name)
    for key, aliases in SECTION_ALIASES.items():
        names = (t("en", f"section.{key}"), t("ru", f"section.{key}"), *aliases)
        if any(norm(n) == wanted for n in names):
            return key
    return None


def _ids(lang: str, ids: list[object]) -> str:
    shown = ", ".join(str(i) for i in ids[:MAX_IDS])
    if len(ids) > MAX_IDS:
        return t(lang, "and-more", shown=shown, more=len(ids) - MAX_IDS)
    return shown


def _names(lang: str, names: tuple[str, ...]) -> str:
    """`Ann`, `Ann and Cat`, `Ann, Bob and Cat` (и in Russian)."""
    if len(names) < 2:
        return "".join(names)
    return t(lang, "list.and", most=", ".join(names[:-1]), last=names[-1])


def _every(
    lang: str,
    item: str,
    all_ids: Sequence[object],
    failing: list,
    noun: str,
    empty: str,
    **extra: object,
) -> tuple[bool, str]:
    """An "every goal/activity …" item: fails when there are none or any fails."""
    total = len(all_ids)
    if total == 0:
        return False, t(lang, empty)
    if failing:
        of = count_of(lang, len(failing), total, noun)
        return False, t(lang, f"ev.{item}.fail", ids=_ids(lang, failing), of=of, **extra)
    return True, t(lang, f"ev.{item}.pass", of=t(lang, "all-of", n=total), **extra)


def _money(plan: Plan, amount: float) -> str:
    """Evidence reads `$800`, not `$800.00`: whole amounts without their cents."""
    return money(plan.lang, amount, plan.settings.currency, trim_cents=True)


def _budget_fits(plan: Plan, budget: BudgetSummary) -> tuple[bool, str]:
    lang = plan.lang
    mode = budget.mode
    allocated = number_or_none(budget.allocated) or 0.0
    if mode == "bottom-up":
        limit = number_or_none(budget.limit)
        if limit is None:
            return False, t(lang, "ev.budget-fits.no-limit", allocated=_money(plan, allocated))
        if allocated <= limit + 0.005:
            return True, t(
                lang,
                "ev.budget-fits.fits",
                allocated=_money(plan, allocated),
                limit=_money(plan, limit),
                left=_money(plan, limit - allocated),
            )
        return False, t(
            lang,
            "ev.budget-fits.over",
            allocated=_money(plan, allocated),
            limit=_money(plan, limit),
            over=_money(plan, allocated - limit),
        )
    if mode == "top-down":
        required = number_or_none(budget.required)
        gap = number_or_none(budget.gap)
        priced = plan.goals.df["cost_per_result"].notna().any()
        if required is None or gap is None or not priced:
            return False, t(lang, "ev.budget-fits.no-required")
        if gap <= 0.005:
            return True, t(lang, "ev.budget-fits.covered", required=_money(plan, required))
        return False, t(
            lang, "ev.budget-fits.gap", required=_money(plan, required), gap=_money(plan, gap)
        )
    return False, t(lang, "ev.budget-fits.no-mode")


def _control_logged(plan: Plan, budget: BudgetSummary, alerts: list[Alert]) -> tuple[bool, str]:
    lang = plan.lang
    every = t(lang, f"every.{plan.settings.check_every}")
    # The budget's newest spend is the newest of the spend that counts (an amount, a date, not
    # after today): the same rows this item asks about.
    last = budget.last_spend
    if last is None:
        return False, t(lang, "ev.control-logged.none")
    late = any(a.code == "spend-not-logged" for a in alerts)
    key = "ev.control-logged.late" if late else "ev.control-logged.pass"
    return not late, t(lang, key, last=last, every=every)


def _limits(plan: Plan) -> tuple[bool, str]:
    s = plan.settings
    parts = [
        t(plan.lang, f"limit.{name}", amount=_money(plan, value))
        for name, value in (
            ("daily", s.daily_limit),
            ("weekly", s.weekly_limit),
            ("monthly", s.monthly_limit),
        )
        if number_or_none(value) is not None
    ]
    if not parts:
        return False, t(plan.lang, "ev.control-limits.fail")
    return True, t(plan.lang, "ev.control-limits.pass", limits=", ".join(parts))


def _controller(plan: Plan, team: dict[str, str]) -> tuple[bool, str]:
    name = plan.settings.budget_controller
    if not name:
        return False, t(plan.lang, "ev.control-controller.fail")
    key = "ev.control-controller.pass"
    if team and norm(name) not in team:
        key = "ev.control-controller.not-on-team"
    return True, t(plan.lang, key, name=team.get(norm(name), name))


def _reporting(plan: Plan) -> tuple[tuple[bool, str], tuple[bool, str]]:
    lang = plan.lang
    rules = plan.reporting.df
    if rules.empty:
        return (False, t(lang, "ev.no-rules")), (False, t(lang, "ev.no-rules"))
    names = [
        coverage.report_name(plan, r, row)
        for r, row in zip(rules["report"], rules["row"], strict=True)
    ]
    periods = [
        t(lang, f"period.{p}" if isinstance(p, str) else "period.none") for p in rules["every"]
    ]
    listed = _ids(lang, [f"{n} ({p})" for n, p in zip(names, periods, strict=True)])
    present = {
        "every": rules["every"].notna().tolist(),
        "author": rules["author"].notna().tolist(),
        "readers": [isinstance(r, tuple) and len(r) > 0 for r in rules["readers"].tolist()],
        "decision_maker": rules["decision_maker"].notna().tolist(),
    }
    incomplete = []
    for i, name in enumerate(names):
        missing = [t(lang, f"field.{f}") for f, ok in present.items() if not ok[i]]
        if missing:
            incomplete.append(f"{name} ({t(lang, 'missing', what=', '.join(missing))})")
    complete = _every(lang, "reporting-complete", rules["row"], incomplete, "report", "ev.no-rules")
    if complete[0] and len(rules) <= MAX_NAMED_RULES:
        # The answer to "who writes, who reads, who decides", rule by rule.
        who = [
            t(
                lang,
                "ev.reporting-complete.who" + ("-one" if len(readers) == 1 else ""),
                report=name,
                author=author,
                readers=_names(lang, readers),
                decides=decides,
            )
            for name, author, readers, decides in zip(
                names, rules["author"], rules["readers"], rules["decision_maker"], strict=True
            )
        ]
        complete = (True, "; ".join(who) + ".")
    return (True, t(lang, "ev.reporting-rule.pass", rules=listed)), complete


def _unmeasured(goals: pd.DataFrame, lang: str) -> list[str]:
    """Goals lacking a baseline or a target, each with what it lacks: `G1 — no baseline`.

    A `sum` goal counts its results from zero over its period ("25 more clients this
    quarter"), so it is measurable with a target alone.
    """
    no_target = goals["target"].isna().tolist()
    no_base = (goals["baseline"].isna() & (goals["aggregation"] != "sum")).tolist()
    lacks = {
        (True, False): t(lang, "lacks.baseline"),
        (False, True): t(lang, "lacks.target"),
        (True, True): t(lang, "lacks.both"),
    }
    return [
        f"{g} — {lacks[base, target]}"
        for g, base, target in zip(goals["id"].tolist(), no_base, no_target, strict=True)
        if base or target
    ]


def automatic_items(
    plan: Plan, kpis: pd.DataFrame, budget: BudgetSummary, alerts: list[Alert], cover: Coverage
) -> list[Item]:
    lang = plan.lang
    goals = plan.goals.df
    acts = cover.live_activities
    gids, aids = goals["id"].tolist(), acts["id"].tolist()

    def goals_where(mask: pd.Series) -> list:
        return [g for g, hit in zip(gids, mask.tolist(), strict=True) if hit]

    def acts_where(mask: pd.Series) -> list:
        return [a for a, hit in zip(aids, mask.tolist(), strict=True) if hit]

    no_goals, no_acts = "ev.no-goals", "ev.no-activities"
    undated = goals["start"].isna() | goals["end"].isna() | (goals["end"] < goals["start"])
    unrewarded = goals["reward"].isna() | goals["penalty"].isna()
    mode = plan.settings.budget_mode
    reporting_rule, reporting_complete = _reporting(plan)
    stale = [g for g, hit in zip(kpis["id"].tolist(), kpis["stale"].tolist(), strict=True) if hit]
    days = plan.settings.stale_after_days
    fresh = _every(lang, "results-fresh", gids, stale, "goal", no_goals, days=days)

    verdicts: dict[str, tuple[bool, str]] = {
        "goals-measurable": _every(
            lang, "goals-measurable", gids, _unmeasured(goals, lang), "goal", no_goals
        ),
        "goals-dated": _every(lang, "goals-dated", gids, goals_where(undated), "goal", no_goals),
        "goals-owned": _every(
            lang, "goals-owned", gids, goals_where(goals["owner"].isna()), "goal", no_goals
        ),
        "goals-have-activities": _every(
            lang,
            "goals-have-activities",
            gids,
            cover.goals_without_activity,
            "goal",
            no_goals,
        ),
        "activities-serve-goals": _every(
            lang,
            "activities-serve-goals",
            aids,
            list(cover.non_target),
            "activity",
            no_acts,
        ),
        "activities-have-channel": _every(
            lang,
            "activities-have-channel",
            aids,
            acts_where(acts["channel"].isna()),
            "activity",
            no_acts,
        ),
        "budget-mode": (
            mode is not None,
            t(lang, f"ev.budget-mode.{mode}" if mode else "ev.budget-mode.fail"),
        ),
        "budget-fits": _budget_fits(plan, budget),
        "activities-budgeted": _every(
            lang,
            "activities-budgeted",
            aids,
            acts_where(acts["budget"].isna()),
            "activity",
            no_acts,
        ),
        "control-controller": _controller(plan, cover.team),
        "control-method": (
            bool(plan.settings.control_method),
            t(lang, "ev.control-method.pass", method=plan.settings.control_method)
            if plan.settings.control_method
            else t(lang, "ev.control-method.fail"),
        ),
        "control-limits": _limits(plan),
        "control-logged": _control_logged(plan, budget, alerts),
        "activities-owned": _every(
            lang,
            "activities-owned",
            aids,
            acts_where(acts["owner"].isna()),
            "activity",
            no_acts,
        ),
        "goals-incentives": _every(
            lang, "goals-incentives", gids, goals_where(unrewarded), "goal", no_goals
        ),
        "reporting-rule": reporting_rule,
        "reporting-complete": reporting_complete,
        "results-fresh": fresh,
    }
    return [
        Item(item, section, bool(verdicts[item][0]), verdicts[item][1], t(lang, f"q.{item}"))
        for item, section in ITEMS
    ]


def team_items(plan: Plan) -> tuple[list[Item], dict[str, str]]:
    """The Checklist tab's rows as items, and the titles of sections only the team names."""
    lang = plan.lang
    table = plan.checklist
    items: list[Item] = []
    own_sections: dict[str, str] = {}
    seen: dict[str, str] = {}
    for n, row in enumerate(table.df.itertuples(), start=1):
        key = section_key(row.section)
        if key is None:
            # A section of the team's own: named as first typed, matched by norm().
            title = " ".join(row.section.split())
            key = seen.setdefault(norm(title), title)
            own_sections[key] = key
        cell = table.cell("done", row.row)
        if row.done is True:
            passed, evidence = True, t(lang, "ev.team.done", cell=cell)
        elif row.done is False:
            passed, evidence = False, t(lang, "ev.team.not-done", cell=cell)
        else:
            passed, evidence = False, t(lang, "ev.team.blank", cell=cell)
        question = row.item if isinstance(row.item, str) else None
        question = question or t(lang, "team-item-untitled", row=int(row.row))
        items.append(Item(f"team-{n}", key, passed, evidence, question, cell))
    return items, own_sections


def score_checklist(
    plan: Plan, kpis: pd.DataFrame, budget: BudgetSummary, alerts: list[Alert], cover: Coverage
) -> Checklist:
    """The automatic items (they read the KPIs, the budget and the spend alerts) and the
    team's own, in sections."""
    lang = plan.lang
    auto = automatic_items(plan, kpis, budget, alerts, cover)
    team, own_sections = team_items(plan)
    titles = {key: t(lang, f"section.{key}") for key in SECTIONS}
    titles.update(own_sections)
    titles["other"] = t(lang, "section.other")
    ordered = [i for key in titles for i in (*auto, *team) if i.section == key]
    return Checklist(lang, ordered, titles)
