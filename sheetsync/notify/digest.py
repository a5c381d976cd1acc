"""What one person (or a team channel) is told: a digest of their new or worse alerts.

Pure: alerts with their states in, a subject, plain text and HTML out, in the plan's
language. Few alerts are listed one by one; many are grouped by code with counts, the most
severe listed first, and the rest left to the Alerts tab.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from sheetsync.compute.alerts import SEVERITIES, Alert
from sheetsync.compute.lifecycle import AlertState
from sheetsync.i18n import severity_word, t, tab_title

LISTED = 10  # alerts listed one by one; beyond, the digest groups them by code


@dataclass(frozen=True)
class Item:
    alert: Alert
    state: AlertState


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str


def _state_word(lang: str, item: Item) -> str:
    state = item.state.state
    if state == "ongoing" and item.state.reopened_on is not None:
        return t(lang, "notify:reopened")
    return t(lang, f"alert_state:{state}")


def _line(lang: str, item: Item) -> str:
    a = item.alert
    severity = severity_word(lang, a.severity).lower()
    where = f" [{a.cell}]" if a.cell else ""
    return f"{severity}, {_state_word(lang, item)}: {a.message}{where}"


def _ordered(items: list[Item]) -> list[Item]:
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    first = {"new": 0, "worse": 1}
    return sorted(
        items,
        key=lambda i: (
            rank[i.alert.severity],
            first.get(i.state.state, 2),
            i.alert.code,
            i.state.key,
        ),
    )


def subject_line(lang: str, plan: str, items: list[Item]) -> str:
    critical_new = sum(
        i.alert.severity == "critical" and i.state.state in ("new", "worse") for i in items
    )
    return t(lang, "notify:subject", plan=plan, critical=critical_new, count=len(items))


def digest(
    lang: str,
    plan: str,
    today: str,
    person: str | None,
    items: list[Item],
    where: str,
    *,
    resolved: list[str] | None = None,
) -> Digest:
    """The message for `person` (None: a team channel) about `items`."""
    items = _ordered(items)
    alerts_tab = tab_title(lang, "alerts")
    greeting = t(lang, "notify:hello", person=person) if person else t(lang, "notify:team")
    intro = t(lang, "notify:intro", plan=plan, today=today, count=len(items))
    text: list[str] = [greeting, "", intro, ""]
    body_html: list[str] = [f"<p>{html.escape(greeting)}</p>", f"<p>{html.escape(intro)}</p>"]
    grouped = len(items) > LISTED
    if grouped:
        codes = Counter(i.alert.code for i in items)
        states = Counter((i.alert.code, i.state.state) for i in items)
        text.append(t(lang, "notify:by_code"))
        rows = []
        for code, count in sorted(codes.items(), key=lambda c: (-c[1], c[0])):
            parts = ", ".join(
                f"{t(lang, f'alert_state:{s}')} {states[(code, s)]}"
                for s in ("new", "worse", "ongoing")
                if states[(code, s)]
            )
            text.append(f"  {code}: {count} ({parts})")
            rows.append(
                f"<tr><td>{html.escape(code)}</td><td>{count}</td>"
                f"<td>{html.escape(parts)}</td></tr>"
            )
        body_html.append(f"<p>{html.escape(t(lang, 'notify:by_code'))}</p>")
        body_html.append("<table border='1' cellpadding='4'>" + "".join(rows) + "</table>")
        text.extend(["", t(lang, "notify:top", count=LISTED)])
        body_html.append(f"<p>{html.escape(t(lang, 'notify:top', count=LISTED))}</p>")
    shown = items[:LISTED]
    text.extend(f"  - {_line(lang, i)}" for i in shown)
    body_html.append(
        "<ul>" + "".join(f"<li>{html.escape(_line(lang, i))}</li>" for i in shown) + "</ul>"
    )
    if grouped:
        more = t(lang, "notify:more", count=len(items) - LISTED, tab=alerts_tab)
        text.extend(["", more])
        body_html.append(f"<p>{html.escape(more)}</p>")
    if resolved:
        done = t(lang, "notify:resolved", keys=", ".join(resolved))
        text.extend(["", done])
        body_html.append(f"<p>{html.escape(done)}</p>")
    footer = [
        t(lang, "notify:acknowledge", tab=alerts_tab),
        t(lang, "notify:where", where=where),
    ]
    text.extend(["", *footer])
    body_html.extend(f"<p style='color:#595959'>{html.escape(f)}</p>" for f in footer)
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        + "".join(body_html)
        + "</body></html>"
    )
    return Digest(subject_line(lang, plan, items), "\n".join(text) + "\n", page)
