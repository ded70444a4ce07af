app-title = Zaštita
app-loading = Učitavanje…
app-officer = Službenik { $badge }
officer-role-patrol = policijski službenik patrole
officer-role-competent = nadležni službenik za nasilje u porodici
nav-cases = Predmeti
nav-settings = Podešavanja
nav-lock = Zaključaj
nav-main = Glavna navigacija
common-now = Sada
common-now-label = Sada: upiši trenutno vreme u polje { $field }
common-datetime-placeholder = DD.MM.GGGG. ČČ:MM
common-date-placeholder = DD.MM.GGGG.
common-datetime-invalid = Unesite datum i vreme u obliku DD.MM.GGGG. ČČ:MM
common-date-invalid = Unesite datum u obliku DD.MM.GGGG.
common-back = Nazad
common-cancel = Otkaži
common-retry = Pokušaj ponovo
common-busy = Sačekajte…
answer-yes = Da
answer-no = Ne
answer-unknown = Nepoznato
save-state-idle = Nema izmena
save-state-dirty = Izmene nisu sačuvane
save-state-saving = Čuvanje…
save-state-saved = Sačuvano u { $time }
save-state-failed = Nije sačuvano – { $error }
common-back-to-case = Nazad na predmet
common-next = Dalje
common-previous = Prethodno
common-required = (obavezno)
clock-duration = { $hours } h { $minutes } min
clock-duration-days = { $days ->
    [one] { $days } dan
    [few] { $days } dana
   *[other] { $days } dana
  } { $hours } h
clock-left = još { $time }
clock-passed = rok je istekao
