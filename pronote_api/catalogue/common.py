"""Texts both sides need: error messages and validation reasons."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- errors (key: error.<ErrorCode value>) ---
    "error.invalid_credentials": (
        "Numéro d'hébergement ou mot de passe incorrect.",
        "Wrong hosting number or password.",
    ),
    "error.invalid_invoice_number": (
        "Ce numéro de facture ne correspond pas à votre dernière facture d'hébergement.",
        "This invoice number does not match your latest hosting invoice.",
    ),
    "error.licence_not_accepted": (
        "Vous devez accepter le contrat de licence pour installer le certificat.",
        "You must accept the licence agreement to install the certificate.",
    ),
    "error.certificate_required": (
        "Ce poste n'a pas de certificat pour la console : installez-le d'abord.",
        "This workstation has no console certificate: install it first.",
    ),
    "error.certificate_unknown": (
        "Le certificat de ce poste n'est pas reconnu (révoqué ou émis par un autre service).",
        "This workstation's certificate is not recognised (revoked or issued by another service).",
    ),
    "error.certificate_mismatch": (
        "Le certificat de ce poste a été installé pour un autre numéro d'hébergement.",
        "This workstation's certificate was installed for another hosting number.",
    ),
    "error.invalid_csr": (
        "La demande de certificat envoyée par la console est invalide.",
        "The certificate request sent by the console is invalid.",
    ),
    "error.session_required": (
        "Connectez-vous d'abord à la console.",
        "Log in to the console first.",
    ),
    "error.session_expired": (
        "Votre session a expiré : reconnectez-vous.",
        "Your session has expired: log in again.",
    ),
    "error.address_suspended": (
        "Trop de tentatives erronées depuis cette adresse : elle est suspendue jusqu'à {until}.",
        "Too many failed attempts from this address: it is suspended until {until}.",
    ),
    "error.account_disabled": (
        "Ce compte d'hébergement est désactivé. Contactez votre hébergeur.",
        "This hosting account is disabled. Contact your hosting provider.",
    ),
    "error.validation_error": (
        "Donnée refusée : {reason}",
        "Value refused: {reason}",
    ),
    "error.invalid_uai": ("UAI invalide : {reason}", "Invalid UAI: {reason}"),
    "error.invalid_phone": (
        "Numéro de téléphone invalide : {reason}",
        "Invalid phone number: {reason}",
    ),
    "error.invalid_email": (
        "Adresse e-mail invalide : {reason}",
        "Invalid e-mail address: {reason}",
    ),
    "error.not_found": ("Élément introuvable.", "Not found."),
    "error.conflict": (
        "Action impossible dans l'état actuel : {reason}",
        "Not possible in the current state: {reason}",
    ),
    "error.payload_too_large": (
        "Le fichier dépasse la taille autorisée ({limit}).",
        "The file is larger than allowed ({limit}).",
    ),
    "error.internal": (
        "Erreur interne du service (référence {ref}). Rien n'a été modifié.",
        "Internal service error (reference {ref}). Nothing was changed.",
    ),
    # --- validation reasons (key: validation.*) ---
    "validation.uai.length": (
        "un UAI compte 8 caractères (7 chiffres puis une lettre, ex. 0750655E)",
        "a UAI has 8 characters (7 digits then a letter, e.g. 0750655E)",
    ),
    "validation.uai.digits": (
        "les 7 premiers caractères doivent être des chiffres (2A/2B acceptés pour la Corse)",
        "the first 7 characters must be digits (2A/2B accepted for Corsica)",
    ),
    "validation.uai.letter_missing": (
        "le 8e caractère doit être la lettre de contrôle",
        "the 8th character must be the check letter",
    ),
    "validation.uai.check_letter": (
        "la lettre de contrôle ne correspond pas (attendue : {expected})",
        "the check letter does not match (expected: {expected})",
    ),
    "validation.phone": (
        "attendu un numéro à 10 chiffres (06 12 34 56 78) ou international (+33 6 12 34 56 78)",
        "expected a 10-digit number (06 12 34 56 78) or an international one (+33 6 12 34 56 78)",
    ),
    "validation.email": (
        "attendue une adresse de la forme nom@domaine.fr",
        "expected an address such as name@domain.fr",
    ),
    "validation.hosting_number": (
        "le numéro d'hébergement compte 12 chiffres",
        "the hosting number has 12 digits",
    ),
    "validation.invoice_number": (
        "le numéro de facture compte 10 chiffres",
        "the invoice number has 10 digits",
    ),
    "validation.required": ("ce champ est obligatoire", "this field is required"),
    "validation.too_long": (
        "{max} caractères au plus",
        "{max} characters at most",
    ),
}
