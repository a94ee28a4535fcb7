"""Encryption at rest of the one secret the service must be able to send again: the invoice number.

A hash would do for checking it at enrolment, but "Recevoir mon n° de facture" has to e-mail the
number itself, so it is kept encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a key that lives in
the data directory (``keys/invoice.key``, 0600), outside the database: a leaked database dump or
PostgreSQL backup alone does not reveal invoice numbers. Workers of a scaled-out deployment share
the key file like they share the CA.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet

from pronote_server.store.files import make_private_dir, write_private


class Vault:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def create(cls, path: Path) -> Vault:
        make_private_dir(path.parent)
        key = Fernet.generate_key()
        write_private(path, key)
        return cls(key)

    @classmethod
    def load(cls, path: Path) -> Vault:
        return cls(path.read_bytes().strip())

    def encrypt(self, value: str) -> bytes:
        return self._fernet.encrypt(value.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        return self._fernet.decrypt(token).decode("utf-8")
