# The sync screen, the header's sync badge, official numbers from the central record.
sync-title = Sinhronizacija sa centralnom evidencijom
sync-open = Sinhronizacija
sync-badge-label = Stanje sinhronizacije: { $state }
sync-badge-syncing = Sinhronizacija…
sync-badge-not-enrolled = Uređaj nije prijavljen
sync-badge-error = Sinhronizacija nije uspela
sync-badge-quarantine = { $quarantined ->
    [one] { $quarantined } zapis odbijen
    [few] { $quarantined } zapisa odbijena
   *[other] { $quarantined } zapisa odbijeno
  }
sync-badge-pending = { $count } na čekanju
sync-badge-synced = Sinhronizovano
sync-now = Sinhronizuj sada
sync-running = Sinhronizacija u toku…
sync-enroll-title = Prijava uređaja
sync-enroll-intro = Uređaj još nije prijavljen u centralnu evidenciju. U stanici dobijate kod za prijavu; unesite ga ovde dok je uređaj na mreži stanice. Prijava se radi jednom.
sync-enroll-code = Kod za prijavu
sync-enroll-hint = Kod počinje sa „zastita-enroll:v1:“. Možete ga nalepiti ili prekucati.
sync-enroll-empty = Unesite kod za prijavu koji ste dobili u stanici.
sync-enroll-submit = Prijavi uređaj
sync-enroll-busy = Prijavljivanje…
sync-pending-none = Svi zapisi su poslati u centralnu evidenciju.
sync-pending = { $count ->
    [one] { $count } zapis čeka slanje.
    [few] { $count } zapisa čekaju slanje.
   *[other] { $count } zapisa čeka slanje.
  }
sync-attachments-pending = { $count ->
    [one] { $count } dokument (PDF) čeka slanje.
    [few] { $count } dokumenta (PDF) čekaju slanje.
   *[other] { $count } dokumenata (PDF) čeka slanje.
  }
sync-last-success = Poslednja uspešna sinhronizacija
sync-last-attempt = Poslednji pokušaj
sync-next-attempt = Sledeći pokušaj
sync-never = Još nijednom
sync-server = Centralna evidencija
sync-device = Oznaka uređaja
sync-phase-starting = Povezivanje…
sync-phase-other = Sinhronizacija u toku
sync-phase-push = Slanje zapisa
sync-phase-attachments = Slanje priloga
sync-phase-feed = Preuzimanje izmena iz centralne evidencije
sync-progress-count = { $done } od { $total }
sync-progress-label = Napredak sinhronizacije
sync-summary = Sinhronizacija završena: poslato { $sent }, primljeno izmena { $received }.
sync-last-error = Poslednja sinhronizacija nije uspela
sync-error-other = Sinhronizacija nije uspela (šifra greške: { $code }). Pokušaće se ponovo; ako se ponavlja, javite se u stanici.
sync-ago-now = upravo sada
sync-ago-minutes = pre { $count } min
sync-ago-hours = pre { $count } h
sync-ago-days = { $count ->
    [one] pre { $count } dan
   *[other] pre { $count } dana
  }
sync-in-future = u budućnosti (proverite sat uređaja)
sync-in-seconds = za { $count } s
sync-in-minutes = za { $count } min
sync-skew-title = Sat uređaja ne odgovara satu centralne evidencije.
sync-skew-ahead = Uređaj žuri { $amount }.
sync-skew-behind = Uređaj kasni { $amount }.
sync-skew-minutes = { $count } min
sync-skew-seconds = { $count } s
sync-skew-times = Vreme na uređaju: { $device }. Vreme centralne evidencije: { $server }.
sync-skew-hint = Podesite sat uređaja. Zapisi čuvaju i vreme uređaja i vreme prijema u centralnoj evidenciji, pa se ništa ne gubi.
sync-quarantine-title = Zapisi koje je centralna evidencija odbila
sync-quarantine-none = Nema odbijenih zapisa.
sync-quarantine-intro = Ovi zapisi su sačuvani na uređaju, ali ih centralna evidencija nije prihvatila. Ostali zapisi se šalju normalno. Javite se u stanici.
sync-refused-title = Dokumenti koje centralna evidencija nije primila
sync-refused-intro = Dokumenti su sačuvani na uređaju i šalju se ponovo pri svakoj sinhronizaciji; sve ostalo se šalje i prima normalno. Ako se ovo ponavlja, javite se u stanici.
sync-refused-unknown_record = Centralna evidencija ovaj dokument ne vezuje za ovaj uređaj.
sync-refused-hash_mismatch = Primljeni sadržaj se ni posle ponovljenog slanja ne poklapa sa otiskom dokumenta.
sync-refused-offset_mismatch = Slanje se više puta nije nastavilo tamo gde je stalo.
sync-refused-too_large = Dokument je veći nego što centralna evidencija prima.
sync-refused-quota_exceeded = Centralna evidencija čuva onoliko dokumenata ovog uređaja koliko njegova kvota dozvoljava; stanica treba da je poveća.
sync-refused-malformed = Centralna evidencija nije razumela zahtev za slanje dokumenta.
sync-refused-attachment_inconsistent = PDF na uređaju je kraći nego što je zabeleženo kada je napravljen.
sync-conflicts-title = Sukobi verzija
sync-conflicts-intro = Centralna evidencija ima drugačiju verziju ovih zapisa. Ništa nije prepisano; stanica ih pregleda.
sync-cursors = Potvrđeno do zapisa { $acked }, izmene do { $cursor }.
sync-kind-case = Predmet
sync-kind-person = Lice
sync-kind-statement = Izjava
sync-kind-assessment = Procena rizika
sync-kind-order = Naređenje
sync-kind-document = Dokument
sync-kind-audit = Dnevnik
sync-kind-unknown = Nepoznato
case-official-number = Broj predmeta: { $number }
case-no-official-number = Još bez broja centralne evidencije
