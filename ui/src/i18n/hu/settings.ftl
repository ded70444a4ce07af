settings-title = Beállítások
settings-language = Nyelv
settings-autolock = Automatikus zárolás ennyi idő után (perc)
settings-autolock-hint = { $minutes ->
    [one] { $minutes } perc tétlenség után zárol.
   *[other] { $minutes } perc tétlenség után zárol.
  }
settings-theme = Megjelenés
settings-saved = A beállítások mentve.
theme-system = A rendszer szerint
theme-light = Világos
theme-dark = Sötét (éjszakai)
language-sr-Latn = Srpski (latinica)
language-sr-Cyrl = Српски (ћирилица)
language-hu = Magyar
language-en = English
