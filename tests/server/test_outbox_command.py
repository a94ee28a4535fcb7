"""``pronote-server outbox``: the provider reads the messages of a real account creation decoded
(no quoted-printable, no encoded header), passes them on and marks them delivered."""

from __future__ import annotations

from live_service import LiveService, latest_invoice_number, latest_password, read_outbox, run_cli

FR = {"LANG": "fr_FR.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
EN = {"LANG": "en_US.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _outbox(service: LiveService, *args: str, env: dict[str, str] = FR) -> str:
    result = run_cli("outbox", *args, "--data", str(service.data_dir), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_list_names_each_message_and_never_prints_its_text(service: LiveService) -> None:
    account = service.create_account(name="Lycée Ampère", manager_name="Élodie Brun")
    password = latest_password(service.outbox, account.hosting_number)
    invoice = latest_invoice_number(service.outbox, account.hosting_number)
    listing = _outbox(service, "list", "--account", account.hosting_number)
    assert password not in listing and invoice not in listing
    lines = listing.splitlines()
    assert lines[0] == f"2 message(s) dans {service.outbox} :"
    email_id, sms_id = (
        m.path.name.split(".")[0].rsplit("-", 1)[1]
        for m in read_outbox(service.outbox)
        if m.account == account.hosting_number
    )
    assert lines[1].startswith(f"{email_id}  ") and "e-mail  en attente" in lines[1]
    assert lines[2].strip() == f"à Élodie Brun <{account.manager_email}>"
    assert lines[3].strip() == "Vos informations de console d'hébergement PRONOTE"  # decoded
    assert lines[4].startswith(f"{sms_id}  ") and "SMS     en attente" in lines[4]
    assert "pronote-server outbox show IDENTIFIANT" in listing


def test_show_decodes_a_real_creation_and_mark_delivered_takes_it_out_of_the_relay(
    service: LiveService,
) -> None:
    account = service.create_account(name="Lycée Émile Zola")
    password = latest_password(service.outbox, account.hosting_number)
    invoice = latest_invoice_number(service.outbox, account.hosting_number)
    shown = _outbox(service, "show", "--account", account.hosting_number)
    assert f"Dernier numéro de facture : {invoice}" in shown  # the e-mail, decoded
    assert f"mot de passe de votre console : {password}" in shown  # the SMS
    assert "Lycée Émile Zola" in shown and "=C3=" not in shown and "=?utf-8?" not in shown
    assert "Objet : Vos informations de console d'hébergement PRONOTE" in shown
    assert "--mark-delivered" in shown
    pending_before = {m.path.name for m in read_outbox(service.outbox)}

    english = _outbox(service, "show", "--account", account.hosting_number, "--mark-delivered",
                      env=EN)  # fmt: skip
    assert english.count("marked as delivered") == 2
    assert "Subject: " in english and f"Account: {account.hosting_number}" in english
    moved = [m for m in read_outbox(service.outbox) if m.account == account.hosting_number]
    assert {m.path.parent.name for m in moved} == {"delivered"}
    assert {m.path.name for m in read_outbox(service.outbox)} == pending_before  # none lost
    assert _outbox(service, "list", "--account", account.hosting_number) == (
        f"Aucun message en attente dans {service.outbox}.\n"
    )
    everything = _outbox(service, "list", "--all", "--account", account.hosting_number)
    assert everything.count("remis") == 2
    # Shown again by its identifier, it is said to be delivered already and left in place.
    again = _outbox(service, "show", moved[0].path.name.split(".")[0].rsplit("-", 1)[1],
                    "--mark-delivered")  # fmt: skip
    assert "déjà remis" in again and invoice in again


def test_show_refuses_an_unknown_message_and_an_empty_request(service: LiveService) -> None:
    unknown = run_cli("outbox", "show", "0123456789ab", "--data", str(service.data_dir), env=EN)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == (
        "Error: no message 0123456789ab in the outbox (see 'pronote-server outbox list --all')"
    )
    empty = run_cli("outbox", "show", "--data", str(service.data_dir), env=FR)
    assert empty.returncode == 2 and empty.stderr.startswith("Erreur : indiquez l'identifiant")
    assert unknown.stdout == empty.stdout == ""
