"""The enrolment listener's own routes: the CA, certificate enrolment, the invoice reminder.

Enrolment is a workstation's first login: hosting number, password and last invoice number, the
licence accepted, and a CSR whose key never leaves the workstation. Checks run cheapest and least
revealing first: licence, CSR shape, then the credentials (one answer for an unknown number and a
wrong password), then the invoice number.
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, BackgroundTasks, status
from fastapi.responses import PlainTextResponse

from pronote_api.errors import ErrorCode
from pronote_api.models import Accepted, EnrolRequest, EnrolResponse, HostingNumberRequest, Outcome
from pronote_api.validation import InvalidValue, check_hosting_number
from pronote_server.security import accounts, sign_in, suspensions
from pronote_server.security.auth_failures import Door, Reason
from pronote_server.security.pki import CsrRefused
from pronote_server.store import history
from pronote_server.web.deps import (
    NotSuspendedDep,
    NowDep,
    RuntimeDep,
    SourceIpDep,
    StoreDep,
)
from pronote_server.web.errors import ApiProblem

router = APIRouter(tags=["enrolment"])


@router.get("/ca.pem", response_class=PlainTextResponse)
def ca_certificate(runtime: RuntimeDep) -> str:
    return runtime.authority.pem


def _number(value: str) -> str:
    try:
        return check_hosting_number(value)
    except InvalidValue as exc:
        raise ApiProblem.from_invalid("hosting_number", exc) from exc


@router.post("/enrol")
def enrol(
    _door: NotSuspendedDep,
    body: EnrolRequest,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> EnrolResponse:
    number = _number(body.hosting_number)
    if not body.licence_accepted:
        raise ApiProblem(403, ErrorCode.LICENCE_NOT_ACCEPTED, field="licence_accepted")
    try:
        # Checked before the secrets (it reveals nothing); signed only after them.
        csr = runtime.authority.check_console_csr(body.csr_pem, number)
    except CsrRefused as exc:
        raise ApiProblem(422, ErrorCode.INVALID_CSR, field="csr_pem", reason=exc.reason) from exc
    attempt = sign_in.Attempt(
        Door.ENROLMENT, history.CERTIFICATE_ENROL, now, source_ip, runtime.config.suspension
    )
    account = sign_in.check_password(db, attempt, number, body.password.get_secret_value())
    if account.disabled:
        raise ApiProblem(403, ErrorCode.ACCOUNT_DISABLED)
    if not accounts.invoice_matches(account, body.invoice_number, runtime.vault):
        sign_in.failed(db, attempt, account, Reason.WRONG_INVOICE, ErrorCode.INVALID_INVOICE_NUMBER)
        raise ApiProblem(403, ErrorCode.INVALID_INVOICE_NUMBER, field="invoice_number")
    issued = runtime.authority.sign_console_csr(csr, number, now)
    # One live certificate per workstation: a new enrolment of this workstation revokes the one it
    # held (a stolen copy stops working); both are written in the history.
    accounts.install_certificate(
        db, account, issued, workstation=body.workstation, now=now, source_ip=source_ip
    )
    return EnrolResponse(
        certificate_pem=issued.pem,
        ca_pem=runtime.authority.pem,
        serial=issued.serial,
        not_after=issued.not_after,
    )


@router.post("/invoice-reminder", status_code=status.HTTP_202_ACCEPTED)
def invoice_reminder(
    body: HostingNumberRequest,
    background: BackgroundTasks,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> Accepted:
    """Always the same answer, so that it tells neither which numbers exist nor which are
    throttled: at most ``invoice_reminder.per_account`` reminders per window reach a school and
    one address is heard ``per_address`` times per window
    (``pronote_server.security.suspensions``); the refusals of a window are one history line of
    the school, with their count."""
    try:
        number = check_hosting_number(body.hosting_number)
    except InvalidValue:
        return Accepted()
    limits = runtime.config.invoice_reminder
    verdict = suspensions.take_reminder(
        db,
        now,
        limits,
        number=number,
        source_ip=source_ip,
        limit_address=not suspensions.allowed(source_ip, runtime.config.suspension),
    )
    if verdict is suspensions.Reminder.ADDRESS_LIMITED:
        return Accepted()
    account = accounts.find(db, number)
    if account is None or account.disabled:
        return Accepted()
    if verdict is suspensions.Reminder.REFUSED:
        suspensions.count_refused_reminder(
            db, account, number=number, now=now, source_ip=source_ip, limit=limits.per_account
        )
        return Accepted()
    send = partial(
        accounts.send_invoice_reminder, account, vault=runtime.vault, outbox=runtime.outbox
    )
    if runtime.outbox.relay is None:
        send()  # a file written: as quick as the other answers
    else:
        background.add_task(send)  # an SMTP exchange: after the answer, which must not wait
    history.record_by(db, account, now, source_ip, history.INVOICE_REMINDER, Outcome.SUCCESS)
    return Accepted()
