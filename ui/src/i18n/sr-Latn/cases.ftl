case-list-title = Predmeti
case-list-search = Pretraga po imenu ili adresi
case-list-search-hint = Svaka pretraga se beleži u dnevnik pristupa.
case-list-new = Nova prijava
case-list-empty = Na ovom uređaju još nema predmeta.
case-list-empty-search = Nijedan predmet ne odgovara pretrazi.
case-list-reported = Prijavljeno
case-list-address = Adresa
case-list-victims = Žrtve
case-list-perpetrators = Učinioci
case-list-no-time = vreme nije uneto
case-list-no-address = adresa nije uneta
case-list-nobody = —
case-list-firearm = Vatreno oružje
case-list-draft = Nacrt
case-list-count = { $count ->
    [one] { $count } predmet
    [few] { $count } predmeta
   *[other] { $count } predmeta
  }
case-list-more = Prikaži starije predmete
case-list-order-left = Mera: još { $time }
case-list-reassess-overdue = Ponovna procena kasni
