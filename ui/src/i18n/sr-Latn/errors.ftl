error-wrong_passphrase = Pogrešna lozinka.
error-locked_out = Previše pogrešnih lozinki; otključavanje je privremeno onemogućeno.
error-wiped = Ovaj uređaj je uništio svoje ključeve. Vratite ga u stanicu policije.
error-unknown_officer = Ovaj broj značke nije registrovan na ovom uređaju.
error-officer_exists = Službenik sa ovim brojem značke je već registrovan.
error-invalid_badge = Broj značke nije ispravan. Koristite samo cifre i slova.
error-weak_passphrase = Lozinka je preslaba.
error-invalid_officer_name = Unesite ime i prezime (najviše 200 znakova).
error-store_exists = Ovaj uređaj je već podešen.
error-case_not_found = Predmet nije pronađen na ovom uređaju.
error-case_exists = Ovaj predmet već postoji na ovom uređaju.
error-nothing_to_record = Nema izmena za evidentiranje.
error-recorded_person_removed = Lice koje je već evidentirano u predmetu ne može se ukloniti.
error-person_not_found = Lice nije pronađeno u ovom predmetu.
error-statement_not_found = Izjava nije pronađena.
error-statement_signed = Izjava je već potpisana i ne može se menjati.
error-amends_unsigned = Dopuniti se može samo potpisana izjava.
error-invalid = Neka polja treba ispraviti.
error-case_file = Datoteka predmeta ne može da se pročita.
error-disk_full = Disk je pun. Oslobodite prostor; ništa nije sačuvano.
error-read_only = Podaci ne mogu da se upišu (skladište je samo za čitanje).
error-store_corrupt = Skladište podataka je oštećeno. Odnesite uređaj u stanicu policije.
error-store_damaged = Deo skladišta podataka je oštećen. Odnesite uređaj u stanicu policije.
error-store_not_found = Skladište podataka nije pronađeno.
error-store = Greška u skladištu podataka.
error-keyring = Datoteka sa ključevima ne može da se pročita ili upiše. Ne brišite ništa; predajte uređaj u stanici.
error-key = Greška pri šifrovanju.
error-prefs_write = Podešavanja nisu sačuvana: na uređaju nema mesta ili se ne može pisati. Vaši podaci su netaknuti.
error-internal = Radnja je prekinuta. Pokušajte ponovo; ništa već sačuvano nije izgubljeno.
error-not_unlocked = Uređaj je zaključan. Ponovo ga otključajte.
error-no_store = Ovaj uređaj još nije podešen.
error-already_unlocked = Uređaj je već otključan.
error-unknown = Neočekivana greška: { $message }
field-required = Obavezno polje; popunite ga.
field-too_long = Duže od { $max_chars } { $max_chars ->
    [one] znaka
   *[other] znakova
  }.
field-too_many = Više od { $max } { $max ->
    [one] unosa
   *[other] unosa
  }.
field-control_character = Sadrži nevidljivi kontrolni znak; otkucajte ponovo.
field-in_future = Vreme je u budućnosti (proverite datum i sat uređaja).
field-before_reported = Dolazak policije je pre vremena prijave.
field-before_taken = Potpisano pre nego što je izjava uzeta.
field-jmbg_length = JMBG ima tačno 13 cifara.
field-jmbg_not_digits = JMBG sme da sadrži samo cifre 0–9.
field-jmbg_date = Prvih 7 cifara nije stvaran datum rođenja (pogrešno otkucana cifra?).
field-jmbg_checksum = Kontrolna cifra se ne slaže (pogrešno otkucana cifra?).
field-jmbg_birth_date_mismatch = Datum rođenja u JMBG-u se razlikuje od unetog datuma rođenja.
field-no_victim = Predmet mora imati bar jednu žrtvu.
field-no_perpetrator = Predmet mora imati bar jednog učinioca.
field-relationship_required = Odnos sa žrtvom je obavezan za sva lica osim žrtve.
field-relationship_not_family = Učinilac mora biti član porodice ili (bivši) partner žrtve.
field-weapons_not_listed = Oružje je bilo prisutno, ali nije navedeno; dodajte svako oružje.
field-weapons_contradiction = Oružje je navedeno, ali je na pitanje o prisustvu oružja odgovoreno sa „ne”.
field-out_of_range = Vrednost je izvan dozvoljenog opsega.
field-duplicate_id = Isti identifikator je upotrebljen dva puta.
field-unknown_person = Odnosi se na lice koje nije u predmetu.
field-not_a_victim = Izjava se uzima od žrtve ili deteta.
field-signature_required = Potreban je potpis (ili razlog zašto nije potpisano).
field-signature_empty = Potpis je prazan; potpišite se ponovo.
field-unknown_statement = Odnosi se na izjavu koja nije u predmetu.
field-amends_unsigned = Dopuniti se može samo potpisana izjava.
field-bad_digest = Otisak se ne slaže sa sadržajem.
passphrase-too_short = Koristite najmanje { $min } { $min ->
    [one] znak
    [few] znaka
   *[other] znakova
  }.
passphrase-one_character = Koristite više od jednog različitog znaka.
passphrase-sequence = Ne koristite prost niz kao 12345678 ili abcdefgh.
passphrase-is_badge = Ne sastavljajte lozinku od broja značke.
passphrase-too_common = Ovo je jedna od najčešćih lozinki; izaberite drugu.
error-order_not_found = Naređenje nije pronađeno u ovom predmetu.
error-order_already_issued = Naređenje je već izdato; njegov sadržaj se više ne može menjati.
error-order_not_issued = Naređenje još nije izdato. Prvo ga izdajte.
error-order_needs_assessment = Naređenje se ne može izdati bez završene procene rizika u ovom predmetu.
error-order_already_served = Naređenje je već uručeno.
error-order_not_served = Naređenje nije uručeno; rok od 48 sati i sve dalje odluke računaju se od uručenja.
error-order_time_in_future = Uneto vreme je u budućnosti. Proverite datum i sat.
error-order_served_before_issued = Naređenje ne može biti uručeno pre nego što je izdato.
error-order_event_before_issue = Ovaj događaj ne može biti pre izdavanja naređenja.
error-order_event_before_service = Ovaj događaj ne može biti pre uručenja naređenja.
error-order_extension_too_long = Sud može produžiti meru najviše za 30 dana posle prvih 48 sati; uneti kraj je kasniji.
error-order_extension_end_invalid = Produženje mora imati vreme završetka koje je posle sadašnjeg kraja mere.
error-order_refusal_with_end = Kada je predlog za produženje odbijen, vreme završetka se ne unosi.
error-order_lifted = Mera je ukinuta; na ovom naređenju se više ništa ne evidentira.
error-order_ended = Mera je već istekla.
error-order_already_forwarded = Naređenje je već prosleđeno javnom tužilaštvu.
error-order_central_only = Službeni broj dodeljuje samo centralna evidencija.
error-assessment_not_found = Procena rizika nije pronađena.
error-assessment_completed = Procena rizika je već završena i ne može se menjati.
error-instrument_not_found = Upitnik za procenu rizika nije pronađen na ovom uređaju.
error-instrument_version_exists = Ova verzija upitnika već postoji na uređaju.
error-instrument_invalid = Datoteka upitnika nije ispravna.
error-risk_level_lowered = Konačni nivo rizika ne može biti niži od izračunatog.
error-assessment_incomplete = Procena nije potpuna; dopunite označena pitanja.
error-document_not_found = Dokument nije pronađen.
error-document = Dokument ne može da se napravi. Pokušajte ponovo; ako se ponovi, javite se u stanici.
field-not_a_perpetrator = Izabrano lice nije učinilac u ovom predmetu.
field-not_protectable = Mera štiti samo žrtvu ili dete iz ovog predmeta.

# sync errors
error-sync_not_enrolled = Ovaj uređaj još nije prijavljen centralnoj evidenciji. Prijavite ga u stanici kodom koji stanica daje.
error-sync_already_enrolled = Ovaj uređaj je već prijavljen centralnoj evidenciji.
error-sync_locked = Uređaj je zaključan. Otključajte ga, pa sinhronizujte ponovo.
error-enrollment_code_not_a_code = Ovo nije kod za prijavu uređaja. Kod počinje sa „zastita-enroll:v1:“.
error-enrollment_code_incomplete = Kod za prijavu nije potpun. Unesite ga ceo, onako kako ga je stanica dala.
error-enrollment_code_bad_token = Kod za prijavu je pogrešno prepisan. Proverite ga ili zatražite novi u stanici.
error-enrollment_code_bad_fingerprint = Kod za prijavu je pogrešno prepisan (otisak sertifikata). Proverite ga ili zatražite novi u stanici.
error-enrollment_code_not_https = Adresa centralne evidencije u kodu za prijavu nije bezbedna adresa. Zatražite novi kod u stanici.
error-enrollment_token_refused = Centralna evidencija nije prihvatila kod: nepoznat je, istekao ili već iskorišćen. Zatražite novi kod u stanici.
error-sync_offline = Centralna evidencija nije dostupna. Proverite mrežu; sinhronizacija će se ponoviti sama.
error-sync_timeout = Centralna evidencija nije odgovorila na vreme. Sinhronizacija će se ponoviti sama.
error-sync_certificate = Server nije centralna evidencija kojoj ovaj uređaj veruje. Ništa nije poslato. Prijavite to u stanici.
error-sync_revoked = Centralna evidencija je opozvala ovaj uređaj. Ključevi na uređaju su uništeni; vratite uređaj u stanicu.
error-sync_refused = Centralna evidencija je odbila zahtev. Ako se ponovi, javite se u stanici.
error-sync_server = Greška u centralnoj evidenciji. Sinhronizacija će se ponoviti sama.
error-sync_protocol = Odgovor centralne evidencije nije razumljiv. Možda je potrebno ažurirati aplikaciju; javite se u stanici.
timeline-action-enrol = Uređaj prijavljen centralnoj evidenciji
timeline-action-sync = Sinhronizacija sa centralnom evidencijom
timeline-action-officer_remove = Službenik uklonjen sa uređaja
timeline-action-wipe = Ključevi uređaja uništeni
