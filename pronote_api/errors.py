"""Typed error codes. Every refusal of the service carries one of these codes.

The human messages live in the catalogue under ``error.<code>`` in French and English, so the
console shows them in the manager's language and the service never formats prose itself.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # login and enrolment
    INVALID_CREDENTIALS = "invalid_credentials"
    INVALID_INVOICE_NUMBER = "invalid_invoice_number"
    LICENCE_NOT_ACCEPTED = "licence_not_accepted"
    CERTIFICATE_REQUIRED = "certificate_required"
    CERTIFICATE_UNKNOWN = "certificate_unknown"
    CERTIFICATE_MISMATCH = "certificate_mismatch"
    INVALID_CSR = "invalid_csr"
    SESSION_REQUIRED = "session_required"
    SESSION_EXPIRED = "session_expired"
    ADDRESS_SUSPENDED = "address_suspended"
    ACCOUNT_DISABLED = "account_disabled"
    # input
    VALIDATION_ERROR = "validation_error"
    INVALID_UAI = "invalid_uai"
    INVALID_PHONE = "invalid_phone"
    INVALID_EMAIL = "invalid_email"
    # the school base (pronote_api.school)
    SERVER_RUNNING = "server_running"  # stop the server first
    NO_BASE = "no_base"
    SUPERADMIN_REQUIRED = "superadmin_required"  # first 'Mettre en service'
    WEAK_PASSWORD = "weak_password"  # noqa: S105 (an error code) params: reasons (catalogue keys password.problem.*)
    INVALID_TIME_GRID = "invalid_time_grid"  # params: reasons (catalogue keys grid.problem.*)
    INVALID_FILE = "invalid_file"  # params: reason (catalogue key file.problem.*), file
    FOREIGN_FILE = "foreign_file"  # generated for another hosting number
    UNSUPPORTED_FORMAT_VERSION = "unsupported_format_version"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    UPLOAD_OFFSET_MISMATCH = "upload_offset_mismatch"  # params: received
    UPLOAD_INCOMPLETE = "upload_incomplete"
    UNKNOWN_RIGHTS = "unknown_rights"  # .profils: params: rights, line
    JOB_RUNNING = "job_running"  # one long operation on a base at a time
    # desktop clients and licences (pronote_api.connections)
    SERVER_STOPPED = "server_stopped"  # a client cannot log in while the server is stopped
    UNKNOWN_USER_OR_PASSWORD = "unknown_user_or_password"  # noqa: S105 (same for both)
    MODE_NOT_ALLOWED = "mode_not_allowed"  # params: mode; the user's rights do not allow it
    NO_LICENCE_LEFT = "no_licence_left"  # params: licence (editing/consultation/teachers), total
    DISCONNECTED_BY_ADMINISTRATOR = "disconnected_by_administrator"
    SESSION_GONE = "session_gone"  # heartbeat of a session that expired
    PROTOCOL_ERROR = "protocol_error"  # garbage on the client port
    INVALID_RESERVATION = "invalid_reservation"  # params: total
    # backups, archives, recovery, calendar (pronote_api.snapshots)
    SNAPSHOT_CORRUPT = "snapshot_corrupt"  # params: reason (catalogue key file.problem.*)
    SNAPSHOT_FOREIGN = "snapshot_foreign"  # another school's snapshot
    SNAPSHOT_FAILED = "snapshot_failed"  # params: reason (e.g. disk_full)
    INVALID_CALENDAR = "invalid_calendar"  # params: reason
    # generic
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    INTERNAL = "internal"
    # uploads, the walls between schools (issue 9, uploads part)
    UPLOAD_UNKNOWN = "upload_unknown"  # 404: expired, unknown or another account's upload
    UPLOAD_QUOTA_EXCEEDED = "upload_quota_exceeded"  # params: limit, pending (the account's own)
    TOO_MANY_UPLOADS = "too_many_uploads"  # params: limit (the account's own open uploads)
    STORAGE_FULL = "storage_full"  # 507: the service lacks room; params: size (the file's)
    # PRONOTE.net (pronote_api.publication)
    PUBLICATION_RUNNING = "publication_running"  # stop the publication before editing settings
    NO_BASE_IN_SERVICE = "no_base_in_service"  # publishing needs a base in service
