"""Who is told what, and the telling: e-mail over SMTP (stdlib smtplib) and team channels
through Apprise.

Each person on the Team tab with an e-mail gets at most one message per run, holding their
alerts (by owner) that they have not been told about in their current state: new, worse,
or open again after an acknowledgement ran out. Team channels get the critical ones. A
message counts as sent only once the server accepted it; history then remembers each
(recipient, alert key, episode), so nobody is told the same thing twice, and a failed send
is simply tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING, Any

from sheetsync.i18n import t
from sheetsync.notify.config import NotifyConfig, SmtpServer
from sheetsync.notify.digest import Digest, Item, digest
from sheetsync.plan.schema import norm
from sheetsync.reports import export_model

if TYPE_CHECKING:
    from pathlib import Path

    from sheetsync.compute import Results
    from sheetsync.history import History
    from sheetsync.reports.model import ReportModel

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 30.0
NOTIFIABLE = {"critical": ("critical",), "all": ("critical", "warning", "info"), "off": ()}


@dataclass
class Delivery:
    """One message: where it went (or would go), what it was about, and how it went."""

    channel: str  # email, or a team channel's service (json, tgram, slack...)
    to: str  # an address, or a channel named without its secrets
    keys: list[str]
    status: str  # sent, failed, dry-run
    error: str | None = None
    subject: str | None = None
    what: str = "alerts"  # alerts, or report:<rule>:<period>
    told: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "channel": self.channel,
            "to": self.to,
            "keys": list(self.keys),
            "status": self.status,
        }
        if self.what != "alerts":
            out["what"] = self.what
        if self.error:
            out["error"] = self.error
        return out


@dataclass(frozen=True)
class Recipient:
    person: str
    email: str
    chat: str | None


def team_recipients(results: Results) -> list[Recipient]:
    """People on the Team tab with an e-mail address, one per address."""
    team = results.plan.team.df
    if team.empty or "email" not in team.columns:
        return []
    found: dict[str, Recipient] = {}
    chats = team["chat"].tolist() if "chat" in team.columns else [None] * len(team)
    for person, email, chat in zip(
        team["person"].tolist(), team["email"].tolist(), chats, strict=True
    ):
        if not isinstance(email, str) or "@" not in email or not isinstance(person, str):
            continue
        address = email.strip()
        found.setdefault(
            address.casefold(),
            Recipient(person.strip(), address, chat if isinstance(chat, str) else None),
        )
    return list(found.values())


def channel_name(url: str) -> tuple[str, str]:
    """A team channel as reports may show it: its service and a short fingerprint, never
    its token."""
    service = url.split("://", 1)[0] if "://" in url else "apprise"
    return service, f"{service}://…{hashlib.sha256(url.encode()).hexdigest()[:8]}"


class Notifier:
    """Sends one run's notifications and remembers what was sent."""

    def __init__(self, config: NotifyConfig, *, apprise_factory: Any = None) -> None:
        self.config = config
        self._apprise_factory = apprise_factory

    # -- who gets what -----------------------------------------------------------------
    def _items(self, results: Results) -> list[Item]:
        states = results.lifecycle
        return [Item(a, states.state_of(n)) for n, a in enumerate(results.alerts)]

    def plan_messages(
        self, results: Results, history: History | None, workbook: str | None, where: str
    ) -> list[tuple[Delivery, Digest, Recipient | None, str | None]]:
        """(delivery, message, person or None, channel URL or None) for each message due."""
        settings = results.plan.settings
        severities = NOTIFIABLE.get(settings.notify, ())
        if not severities:
            return []
        lang, plan, today = results.plan.lang, results.plan.name, results.today.isoformat()
        items = [
            i for i in self._items(results)
            if i.alert.severity in severities and i.state.state != "acknowledged"
        ]  # fmt: skip

        def untold(recipient: str, candidates: list[Item]) -> list[Item]:
            told = history.notified(workbook, recipient) if history and workbook else set()
            return [i for i in candidates if (i.state.key, i.state.episode) not in told]

        due = []
        if self.config.email is not None:
            for person in team_recipients(results):
                mine = [
                    i for i in items if i.alert.owner and norm(i.alert.owner) == norm(person.person)
                ]
                fresh = untold(f"email:{person.email.casefold()}", mine)
                if not fresh:
                    continue
                message = digest(lang, plan, today, person.person, fresh, where)
                due.append(
                    (
                        Delivery("email", person.email, [i.state.key for i in fresh], "pending",
                                 subject=message.subject,
                                 told=[(i.state.key, i.state.episode) for i in fresh]),
                        message, person, None,
                    )
                )  # fmt: skip
        chats = {norm(r.person): r.chat for r in team_recipients(results) if r.chat}
        critical = [i for i in items if i.alert.severity == "critical"]
        for url in self.config.urls:
            service, shown = channel_name(url)
            fresh = untold(f"channel:{shown}", critical)
            if not fresh:
                continue
            message = digest(lang, plan, today, None, fresh, where)
            handles = sorted(
                {
                    chats[norm(i.alert.owner)]
                    for i in fresh
                    if i.alert.owner and norm(i.alert.owner) in chats
                }
            )
            if handles:
                message = Digest(
                    message.subject, message.text + " ".join(handles) + "\n", message.html
                )
            due.append(
                (
                    Delivery(service, shown, [i.state.key for i in fresh], "pending",
                             subject=message.subject,
                             told=[(i.state.key, i.state.episode) for i in fresh]),
                    message, None, url,
                )
            )  # fmt: skip
        return due

    # -- sending -------------------------------------------------------------------------
    def run(
        self,
        results: Results,
        history: History | None,
        workbook: str | None,
        where: str,
        *,
        dry_run: bool = False,
    ) -> list[Delivery]:
        deliveries = []
        for delivery, message, _person, url in self.plan_messages(
            results, history, workbook, where
        ):
            if dry_run:
                delivery.status = "dry-run"
            else:
                error = (
                    self.send_email(delivery.to, message)
                    if url is None
                    else self.send_channel(url, message)
                )
                delivery.status = "failed" if error else "sent"
                delivery.error = error
                if error is None and history is not None and workbook is not None:
                    recipient = (
                        f"email:{delivery.to.casefold()}"
                        if url is None
                        else f"channel:{delivery.to}"
                    )
                    history.record_notified(workbook, recipient, delivery.told, results.today)
            deliveries.append(delivery)
        return deliveries

    # -- final reports -------------------------------------------------------------------
    def deliver_reports(
        self,
        results: Results,
        finals: list[ReportModel],
        history: History | None,
        workbook: str | None,
        *,
        templates: Path | None = None,
        dry_run: bool = False,
    ) -> list[Delivery]:
        """E-mail each report that became final to its rule's author, readers and decision
        maker who have an e-mail on the Team tab, once: the report waits in history's outbox
        until every one of them has it (a failed send is tried again on the next run)."""
        if self.config.email is None or results.plan.settings.notify == "off":
            return []
        emails = {norm(r.person): r.email for r in team_recipients(results)}
        deliveries: list[Delivery] = []
        for model in finals:
            rule = model.rule
            people = [rule.author, *rule.readers, rule.decision_maker]
            to = list(dict.fromkeys(emails[norm(p)] for p in people if p and norm(p) in emails))
            if not to:
                continue
            what = f"report:{model.key}"
            subject = t(model.lang, "notify:report_subject", plan=model.plan_name,
                        title=model.title)  # fmt: skip
            text = export_model(model, "md", templates)
            page = export_model(model, "html", templates)
            if dry_run or history is None or workbook is None:
                deliveries.extend(
                    Delivery("email", r, [model.key], "dry-run" if dry_run else "pending",
                             subject=subject, what=what)
                    for r in to
                )  # fmt: skip
                continue
            history.post(workbook, what, results.today, subject, text, page, to)
        if dry_run or history is None or workbook is None:
            return deliveries
        for what, subject, text, page, left in history.outbox(workbook):
            message = Digest(subject, text, page)
            for address in left:
                error = self.send_email(address, message)
                deliveries.append(
                    Delivery("email", address, [what.removeprefix("report:")],
                             "failed" if error else "sent", error, subject, what)
                )  # fmt: skip
                if error is None:
                    history.record_delivered(workbook, what, address, results.today)
        return deliveries

    def email_message(
        self, to: str, message: Digest, attachment: tuple[str, str] | None = None
    ) -> EmailMessage:
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = self.config.sender or "sheetsync@localhost"
        mail["To"] = to
        mail["Date"] = format_datetime(dt.datetime.now(dt.UTC))
        mail["Message-ID"] = make_msgid(domain="sheetsync")
        mail.set_content(message.text, charset="utf-8")
        mail.add_alternative(message.html, subtype="html", charset="utf-8")
        if attachment is not None:
            name, content = attachment
            mail.add_attachment(
                content.encode("utf-8"), maintype="text", subtype="html", filename=name
            )
        return mail

    def send_email(
        self, to: str, message: Digest, attachment: tuple[str, str] | None = None
    ) -> str | None:
        """None once the server accepted the message, else why not (a sentence)."""
        server = self.config.email
        if server is None:
            return "no e-mail server is configured ([notify] email)"
        mail = self.email_message(to, message, attachment)
        try:
            with _connect(server) as smtp:
                refused = smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            return f"{server.shown}: {_reason(exc)}"
        if refused:
            return f"{server.shown} refused {', '.join(refused)}"
        return None

    def send_channel(self, url: str, message: Digest) -> str | None:
        if self._apprise_factory is not None:
            sender = self._apprise_factory()
        else:
            import apprise

            sender = apprise.Apprise()
        if not sender.add(url):
            return "not a usable Apprise URL"
        ok = sender.notify(body=message.text, title=message.subject)
        return None if ok else "the service did not accept the message"


def _connect(server: SmtpServer) -> smtplib.SMTP:
    if server.security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=SMTP_TIMEOUT, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
        if server.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if server.user:
        smtp.login(server.user, server.password or "")
    return smtp


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "no answer (timed out)"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "the server refused the user name or password"
    text = str(exc) or exc.__class__.__name__
    return text[:200]
