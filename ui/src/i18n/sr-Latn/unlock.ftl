unlock-title = Otključavanje
unlock-officer = Službenik (broj značke)
unlock-officer-choose = Izaberite broj značke
unlock-passphrase = Lozinka
unlock-submit = Otključaj
unlock-busy = Otključavanje…
unlock-wrong-passphrase = Pogrešna lozinka. { $attempts ->
    [0] Sledeći pogrešan pokušaj privremeno blokira otključavanje.
    [one] Preostao je još { $attempts } pokušaj pre privremene blokade otključavanja.
    [few] Preostala su još { $attempts } pokušaja pre privremene blokade otključavanja.
   *[other] Preostalo je još { $attempts } pokušaja pre privremene blokade otključavanja.
  }
unlock-wrong-passphrase-plain = Pogrešna lozinka.
unlock-lockout = Previše pogrešnih lozinki. Pokušajte ponovo za { $time }.
unlock-wipe-warning = UPOZORENJE: još { $attempts ->
    [one] { $attempts } pogrešna lozinka
    [few] { $attempts } pogrešne lozinke
   *[other] { $attempts } pogrešnih lozinki
  } i ovaj uređaj uništava svoje ključeve. Svi podaci na njemu postaju nečitljivi.
unlock-wiped = Ovaj uređaj je uništio svoje ključeve posle previše pogrešnih lozinki. Podaci se više ne mogu pročitati. Vratite uređaj u stanicu policije.
unlock-revoked = Centralna evidencija je opozvala ovaj uređaj. Njegovi ključevi i svi podaci na njemu su uništeni. Predajte uređaj u stanici policije.
