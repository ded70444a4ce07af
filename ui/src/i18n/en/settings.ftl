settings-title = Settings
settings-language = Language
settings-autolock = Lock automatically after (minutes)
settings-autolock-hint = { $minutes ->
    [one] Locks after { $minutes } minute without activity.
   *[other] Locks after { $minutes } minutes without activity.
  }
settings-theme = Appearance
settings-saved = Settings saved.
theme-system = Follow the system
theme-light = Light
theme-dark = Dark (night)
language-sr-Latn = Srpski (latinica)
language-sr-Cyrl = Српски (ћирилица)
language-hu = Magyar
language-en = English
