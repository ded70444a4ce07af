settings-title = Podešavanja
settings-language = Jezik
settings-autolock = Automatsko zaključavanje posle (minuta)
settings-autolock-hint = { $minutes ->
    [one] Zaključava se posle { $minutes } minuta bez aktivnosti.
    [few] Zaključava se posle { $minutes } minuta bez aktivnosti.
   *[other] Zaključava se posle { $minutes } minuta bez aktivnosti.
  }
settings-saved = Podešavanja su sačuvana.
settings-theme = Izgled
theme-system = Prema sistemu
theme-light = Svetli
theme-dark = Tamni (noćni)
language-sr-Latn = Srpski (latinica)
language-sr-Cyrl = Српски (ћирилица)
language-hu = Magyar
language-en = English
