settings-title = Подешавања
settings-language = Језик
settings-autolock = Аутоматско закључавање после (минута)
settings-autolock-hint = { $minutes ->
    [one] Закључава се после { $minutes } минута без активности.
    [few] Закључава се после { $minutes } минута без активности.
   *[other] Закључава се после { $minutes } минута без активности.
  }
settings-saved = Подешавања су сачувана.
settings-theme = Изглед
theme-system = Према систему
theme-light = Светли
theme-dark = Тамни (ноћни)
language-sr-Latn = Srpski (latinica)
language-sr-Cyrl = Српски (ћирилица)
language-hu = Magyar
language-en = English
