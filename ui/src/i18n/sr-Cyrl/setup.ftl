setup-title = Прво покретање на овом уређају
setup-intro = Унесите број службене значке и име и изаберите лозинку. Лозинка штити све податке на овом уређају; ако је заборавите, нико је не може повратити.
setup-badge = Број значке
setup-name = Име и презиме
setup-rank = Чин (није обавезно)
setup-rank-hint = Штампа се уз ваше име на наређењу, нпр. „полицијски наредник“.
setup-passphrase = Лозинка
setup-passphrase-confirm = Поновите лозинку
setup-rules = Правила за лозинку
setup-rule-met = испуњено
setup-rule-unmet = није испуњено
setup-rule-long-enough = Најмање { $min } { $min ->
    [one] знак
    [few] знака
   *[other] знакова
  }
setup-rule-varied = Више од једног различитог знака
setup-rule-no-sequence = Није прост низ као 12345678 или abcdefgh
setup-rule-not-badge = Није састављена од броја значке
setup-rule-not-common = Није једна од најчешћих лозинки
setup-rule-match = Обе унете лозинке се поклапају
setup-submit = Направи заштићено складиште
setup-store-dir = Подаци се чувају у: { $dir }
