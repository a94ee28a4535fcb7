"""PRONOTE.net, the web Espaces (Fiches 8 and 9): their publication (:mod:`.publication`), the
known ENTs (:mod:`.ents`), the pages (:mod:`.pages`), direct login (:mod:`.login`) and the seam
of the CAS delegation (:mod:`.delegation`)."""
