"""The demo school account: fixed visible data, so console snapshots are deterministic.

Its secrets are random at each run (the hosting password cannot be read back from its hash): the
demo launcher receives them in the private ready file.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import SecretStr
from sqlalchemy.orm import Session

from pronote_api.models import AccountOptions, Outcome, TeacherFormula
from pronote_server import accounts, history
from pronote_server.accounts import IssuedSecrets, NewAccount
from pronote_server.runtime import Runtime

DEMO_ACCOUNT = NewAccount(
    hosting_number="221222100001",
    client_reference="91430",
    uai="0750655E",
    school_name="Lycée Charlemagne",
    licence_expires_on=date(2027, 8, 31),
    editing_licences=6,
    formula=TeacherFormula.UNLIMITED,
    options=AccountOptions(),
    manager_name="Samia Bounhar",
    manager_email="samia.bounhar@example.org",
    manager_phone="+33612345678",
)


def ensure_demo_account(runtime: Runtime) -> IssuedSecrets:
    """Create the demo account, or give the existing one a new password (a re-run of the demo on
    the same data directory)."""
    with runtime.sessions() as db:
        secrets = _ensure(db, runtime, runtime.clock.now())
        db.commit()
    return secrets


def _ensure(db: Session, runtime: Runtime, now: datetime) -> IssuedSecrets:
    spec = DEMO_ACCOUNT.validated()
    assert spec.hosting_number is not None
    existing = accounts.find(db, spec.hosting_number)
    if existing is None:
        account, secrets = accounts.create(
            db, spec, vault=runtime.vault, outbox=runtime.outbox, now=now
        )
        action = history.ACCOUNT_CREATE
    else:
        account = existing
        password = accounts.new_password(account, outbox=runtime.outbox, now=now)
        invoice = runtime.vault.decrypt(account.invoice_number_encrypted)
        secrets = IssuedSecrets(account.hosting_number, password, SecretStr(invoice))
        action = history.ACCOUNT_RESET_PASSWORD
    history.record(
        db,
        account_id=account.id,
        at=now,
        actor=history.PROVIDER,
        source_ip=None,
        action=action,
        outcome=Outcome.SUCCESS,
    )
    return secrets
