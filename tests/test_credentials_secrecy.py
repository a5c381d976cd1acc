"""The service account's private key never appears in any output, log or error, and a key
file other users of the machine can read is warned about.

Commands that succeed and commands that fail (no access, Google down, a broken key, a file
that is not JSON) run with --verbose and --json, every logger captured at DEBUG; one runs as
a real process, its stderr as cron would mail it. None of it may hold the key's material.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sheetsync import cli
from sheetsync.example import example_tabs
from sheetsync.sync import open_workbook
from tests.fakes import FakeSheetsAPI

TODAY = "2026-11-27"
EMAIL = "plan-bot@acme-marketing.iam.gserviceaccount.com"
MARKER = "SHEETSYNCSECRETKEYMATERIAL"  # a broken key, recognisable wherever it leaks


@pytest.fixture(scope="module")
def private_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def key_file(folder: Path, private_key: str, mode: int = 0o600) -> Path:
    info = json.loads((Path(__file__).parents[1] / "credentials.example.json").read_text())
    info.update(client_email=EMAIL, private_key=private_key)
    path = folder / "service-account.json"
    path.write_text(json.dumps(info))
    path.chmod(mode)
    return path


def secrets_of(private_key: str) -> list[str]:
    """Pieces of the key that must never be seen: each base64 line of it, and its armour."""
    body = [line for line in private_key.splitlines() if line and "-----" not in line]
    return ["PRIVATE KEY", MARKER, *body, private_key.replace("\n", "\\n")[40:120]]


class Runner:
    def __init__(self, fake: FakeSheetsAPI, sid: str, capsys, caplog) -> None:
        self.fake, self.sid, self.capsys, self.caplog = fake, sid, capsys, caplog
        self.seen = ""

    def open(self, config):
        return open_workbook(
            config.workbook,
            credentials=config.credentials,
            session=self.fake.session(),
            retry_seconds=config.retry_seconds,
            sleep=lambda seconds: None,
        )

    def __call__(self, *args: str) -> int:
        code = cli.main([*args, "--workbook", self.sid, "--today", TODAY, "--verbose"])
        captured = self.capsys.readouterr()
        self.seen += captured.out + captured.err + self.caplog.text
        return code


@pytest.fixture
def runner(tmp_path, monkeypatch, capsys, caplog) -> Runner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    (tmp_path / "sheetsync.toml").write_text("retry_seconds = 5\n")
    caplog.set_level(logging.DEBUG)  # every logger, google-auth and urllib3 included
    fake = FakeSheetsAPI(require_auth=True)
    sid = fake.create_spreadsheet("Marketing plan", example_tabs(dt.date.fromisoformat(TODAY)))
    run = Runner(fake, sid, capsys, caplog)
    monkeypatch.setattr(cli, "_open", run.open)
    return run


def test_the_key_is_never_shown_by_commands_that_succeed_or_fail(runner, tmp_path, private_key):
    key = key_file(tmp_path, private_key)
    creds = ["--credentials", str(key)]
    assert runner("sync", "--json", *creds) == 0
    assert runner("check", *creds) == 0
    assert runner.fake.token_requests >= 1  # the key was really used, to sign a token request

    runner.fake.deny_access(runner.sid)
    assert runner("sync", "--json", *creds) == 3
    assert EMAIL in runner.seen  # the message says whom to share the sheet with
    runner.fake.allow_access(runner.sid)

    runner.fake.fail_next(503, times=1000)  # Google down for the rest of the test
    assert runner("sync", *creds) == 4

    pem = f"-----BEGIN PRIVATE KEY-----\n{MARKER}0123456789\n-----END PRIVATE KEY-----\n"
    broken = key_file(tmp_path, pem)
    assert runner("check", "--json", "--credentials", str(broken)) == 2
    pasted = tmp_path / "pasted.json"
    pasted.write_text(private_key)  # the PEM itself where the JSON file should be
    pasted.chmod(0o600)
    assert runner("check", "--json", "--credentials", str(pasted)) == 2

    assert runner.seen  # something was printed and logged, and none of it is the key
    for secret in secrets_of(private_key):
        assert secret not in runner.seen, secret


def test_a_real_process_prints_no_key_to_cron(tmp_path, private_key):
    """The whole command in its own process, logging as configured for a terminal. Its
    calls go to a proxy that refuses at once on this machine, so nothing leaves it."""
    key = key_file(tmp_path, private_key)
    (tmp_path / "sheetsync.toml").write_text("retry_seconds = 1\n")
    env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper()}
    env.update(HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9")
    done = subprocess.run(
        [sys.executable, "-m", "sheetsync", "sync", "--verbose", "--json", "--credentials",
         str(key), "--workbook", "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "--today", TODAY],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 4, done.stderr
    seen = done.stdout + done.stderr
    assert "INFO" in seen or "WARNING" in seen or "sheetsync:" in seen
    for secret in secrets_of(private_key):
        assert secret not in seen, secret


def test_a_key_file_others_can_read_is_warned_about(runner, tmp_path, private_key, caplog):
    key = key_file(tmp_path, private_key, mode=0o644)
    assert runner("check", "--credentials", str(key)) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    [warning] = [w for w in warnings if "can be read by other users" in w]
    assert str(key) in warning and f"chmod 600 {key}" in warning and "-rw-r--r--" in warning

    caplog.clear()
    key.chmod(0o600)
    assert runner("check", "--credentials", str(key)) == 0
    assert not [r for r in caplog.records if "can be read by other users" in r.getMessage()]


@pytest.mark.parametrize("where", ["flag", "environment", "config"])
def test_the_key_given_as_json_content_is_used_and_never_echoed(
    runner, tmp_path, private_key, monkeypatch, where
):
    """CI secret stores hand out the key's JSON itself: accepted wherever a path is, and no
    error path (no access, Google down, a broken key, text that is not JSON) echoes it."""
    content = key_file(tmp_path, private_key).read_text()
    (tmp_path / "service-account.json").unlink()  # only the content is given

    def given(value: str) -> list[str]:
        if where == "flag":
            return ["--credentials", value]
        if where == "environment":
            monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", value)
        else:
            (tmp_path / "sheetsync.toml").write_text(
                f"retry_seconds = 5\ncredentials = '''{value}'''\n"
            )
        return []

    assert runner("sync", "--json", *given(content)) == 0
    assert runner.fake.token_requests >= 1  # the key itself signed the token request
    runner.fake.deny_access(runner.sid)
    assert runner("sync", "--json", *given(content)) == 3
    assert EMAIL in runner.seen
    runner.fake.allow_access(runner.sid)
    runner.fake.fail_next(503, times=1000)
    assert runner("sync", "--json", *given(content)) == 4
    pem = f"-----BEGIN PRIVATE KEY-----\\n{MARKER}0123456789\\n-----END PRIVATE KEY-----\\n"
    broken = content.replace(json.dumps(private_key)[1:-1], pem)
    assert MARKER in broken
    assert runner("check", "--json", *given(broken)) == 2
    assert runner("check", "--json", *given(content[:-40])) == 2  # cut short: not JSON
    assert runner("check", "--json", *given(private_key)) == 2  # the PEM alone, pasted
    assert runner("check", "--json", *given(MARKER + "x" * 2000)) == 2  # no path, no JSON
    for secret in [*secrets_of(private_key), content[:200]]:
        assert secret not in runner.seen, secret
