"""Texts of the CAS delegation of the web Espaces (issue 13, Fiche 9).

``cas.refused.*`` is why a login through the ENT was refused (the reason of
``pronote_server.espaces.cas.CasRefused``): each sentence tells the person what happened and what
to do, and names nothing of the ticket or of the CAS server's own answer. ``cas.double_auth.*``
is the one-time question of "double authentification".
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "cas.refused.title": (
        "Connexion par l'ENT refusée",
        "Login through the ENT refused",
    ),
    "cas.refused.ticket_malformed": (
        "Le ticket transmis par l'ENT n'a pas la forme d'un ticket CAS : reconnectez-vous "
        "depuis l'ENT.",
        "The ticket passed on by the ENT is not shaped like a CAS ticket: log in again from "
        "the ENT.",
    ),
    "cas.refused.invalid_ticket": (
        "Ce ticket de connexion n'est pas valable (inconnu, déjà utilisé ou expiré) : "
        "reconnectez-vous depuis l'ENT.",
        "This login ticket is not valid (unknown, already used or expired): log in again "
        "from the ENT.",
    ),
    "cas.refused.invalid_service": (
        "Ce ticket de connexion a été délivré pour une autre adresse que cet espace : "
        "reconnectez-vous depuis l'ENT.",
        "This login ticket was issued for another address than this Espace: log in again "
        "from the ENT.",
    ),
    "cas.refused.invalid_request": (
        "Le serveur CAS de l'ENT a jugé la demande de validation incomplète : prévenez "
        "l'établissement.",
        "The ENT's CAS server found the validation request incomplete: tell the school.",
    ),
    "cas.refused.ticket_spec": (
        "Le ticket ne répond pas aux exigences de cet espace (connexion renouvelée "
        "demandée) : reconnectez-vous depuis l'ENT.",
        "The ticket does not meet this Espace's requirements (a renewed login was asked "
        "for): log in again from the ENT.",
    ),
    "cas.refused.cas_internal_error": (
        "Le serveur CAS de l'ENT a rencontré une erreur interne : réessayez dans quelques minutes.",
        "The ENT's CAS server met an internal error: try again in a few minutes.",
    ),
    "cas.refused.other_failure": (
        "Le serveur CAS de l'ENT a refusé ce ticket : reconnectez-vous depuis l'ENT.",
        "The ENT's CAS server refused this ticket: log in again from the ENT.",
    ),
    "cas.refused.unreachable": (
        "Le serveur CAS de l'ENT ne répond pas à cette adresse : réessayez plus tard ou "
        "prévenez l'établissement.",
        "The ENT's CAS server does not answer at its address: try again later or tell the school.",
    ),
    "cas.refused.timeout": (
        "Le serveur CAS de l'ENT n'a pas répondu à temps : réessayez plus tard.",
        "The ENT's CAS server did not answer in time: try again later.",
    ),
    "cas.refused.http_status": (
        "Le serveur CAS de l'ENT a répondu par une erreur (HTTP {status}) : réessayez plus "
        "tard ou prévenez l'établissement.",
        "The ENT's CAS server answered with an error (HTTP {status}): try again later or "
        "tell the school.",
    ),
    "cas.refused.garbled": (
        "Le serveur CAS de l'ENT a répondu autre chose qu'une réponse HTTP : l'adresse du "
        "serveur CAS est sans doute fausse, prévenez l'établissement.",
        "The ENT's CAS server answered something that is not an HTTP answer: the CAS "
        "server's address is probably wrong, tell the school.",
    ),
    "cas.refused.oversized": (
        "La réponse du serveur CAS de l'ENT dépasse la taille admise ({kib} Kio) : prévenez "
        "l'établissement.",
        "The ENT's CAS server's answer exceeds the size allowed ({kib} KiB): tell the school.",
    ),
    "cas.refused.not_xml": (
        "La réponse du serveur CAS de l'ENT est illisible (ce n'est pas du XML) : "
        "l'adresse de validation est sans doute fausse, prévenez l'établissement.",
        "The ENT's CAS server's answer is unreadable (it is not XML): the validation "
        "address is probably wrong, tell the school.",
    ),
    "cas.refused.forbidden_xml": (
        "La réponse du serveur CAS de l'ENT contient des déclarations XML refusées "
        "(DTD ou entités) : prévenez l'établissement.",
        "The ENT's CAS server's answer holds refused XML declarations (DTD or entities): "
        "tell the school.",
    ),
    "cas.refused.unexpected_answer": (
        "La réponse du serveur CAS de l'ENT n'est pas une réponse CAS 3.0 : l'adresse de "
        "validation est sans doute fausse, prévenez l'établissement.",
        "The ENT's CAS server's answer is not a CAS 3.0 answer: the validation address is "
        "probably wrong, tell the school.",
    ),
    "cas.refused.attribute_missing": (
        "L'ENT n'a pas transmis l'attribut « {attribute} » qui permet de vous reconnaître : "
        "prévenez l'établissement.",
        "The ENT did not pass on the attribute \u201c{attribute}\u201d that identifies you: "
        "tell the school.",
    ),
    "cas.refused.unknown_user": (
        "Votre compte ENT ne correspond à aucun utilisateur de cet espace dans la base de "
        "l'établissement : prévenez l'établissement.",
        "Your ENT account matches no user of this Espace in the school's base: tell the school.",
    ),
    "cas.refused.ambiguous_user": (
        "Votre compte ENT correspond à plusieurs utilisateurs de la base de "
        "l'établissement : prévenez l'établissement.",
        "Your ENT account matches several users of the school's base: tell the school.",
    ),
    "cas.double_auth.title": (
        "Première connexion depuis l'ENT",
        "First login from the ENT",
    ),
    "cas.double_auth.explain": (
        "Pour relier votre compte ENT à votre compte PRONOTE, saisissez une seule fois "
        "votre identifiant et votre mot de passe PRONOTE. Les fois suivantes, l'ENT suffira.",
        "To link your ENT account to your PRONOTE account, type your PRONOTE login and "
        "password once. After that, the ENT will be enough.",
    ),
    "cas.double_auth.login": ("Identifiant PRONOTE", "PRONOTE login"),
    "cas.double_auth.password": ("Mot de passe PRONOTE", "PRONOTE password"),
    "cas.double_auth.submit": ("Relier mes comptes", "Link my accounts"),
    "cas.logout": ("Se déconnecter de l'ENT", "Log out of the ENT"),
    "cas.double_auth.expired": (
        "La connexion par l'ENT a expiré avant que vos comptes soient reliés : rouvrez votre "
        "Espace depuis l'ENT et recommencez.",
        "The login through the ENT expired before your accounts were linked: open your Espace "
        "from the ENT again and start over.",
    ),
    "web.direct.refused_title": ("Connexion directe fermée", "Direct login closed"),
    "web.direct.refused": (
        "L'établissement n'autorise pas la connexion directe à PRONOTE.net : connectez-vous "
        "depuis l'ENT.",
        "The school does not allow logging in to PRONOTE.net directly: log in from the ENT.",
    ),
}
