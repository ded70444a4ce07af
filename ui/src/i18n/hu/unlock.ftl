unlock-title = Feloldás
unlock-officer = Rendőr (jelvényszám)
unlock-officer-choose = Válassza ki a jelvényszámát
unlock-passphrase = Jelmondat
unlock-submit = Feloldás
unlock-busy = Feloldás folyamatban…
unlock-wrong-passphrase = Hibás jelmondat. { $attempts ->
    [0] A következő hibás kísérlet után a feloldás egy időre le lesz tiltva.
   *[other] Még { $attempts } kísérlet maradt, mielőtt a feloldás egy időre le lesz tiltva.
  }
unlock-wrong-passphrase-plain = Hibás jelmondat.
unlock-lockout = Túl sok hibás jelmondat. Próbálja újra { $time } múlva.
unlock-wipe-warning = FIGYELEM: még { $attempts ->
    [one] egy hibás jelmondat
   *[other] { $attempts } hibás jelmondat
  }, és az eszköz megsemmisíti a kulcsait. Az összes adat olvashatatlanná válik.
unlock-wiped = Az eszköz túl sok hibás jelmondat után megsemmisítette a kulcsait. Az adatok már nem olvashatók. Vigye vissza az eszközt a rendőrállomásra.
unlock-revoked = A központi nyilvántartás visszavonta ezt az eszközt. A kulcsai és a rajta lévő összes adat megsemmisült. Adja le az eszközt a rendőrállomáson.
