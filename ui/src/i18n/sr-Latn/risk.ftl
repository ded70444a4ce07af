risk-title = Procena rizika
risk-back = Nazad na predmet
risk-assess = Proceni rizik
risk-mode = Prikaz pitanja
risk-mode-checklist = Sva pitanja
risk-mode-steps = Jedno po jedno
risk-computed = Izračunati orijentacioni nivo rizika (smernica)
risk-final = Konačni orijentacioni nivo rizika (smernica)
risk-progress = Odgovoreno { $answered } od { $total }
risk-score = zbir { $score }
risk-no-rules = Za sada nijedan faktor ne podiže nivo rizika.
risk-item-number = { $n }.
risk-item-key-factor = Ključni faktor rizika
risk-item-help = Objašnjenje
risk-note = Na čemu se odgovor zasniva
risk-note-required-if-yes = (obavezno uz odgovor „da“)
risk-judgement = Nalaz nadležnog službenika o neposrednoj opasnosti (član 16.)
risk-judgement-reasons = Razlozi nalaza
risk-finding-yes = Nalaz: neposredna opasnost postoji
risk-finding-no = Nalaz: neposredna opasnost ne postoji
risk-step-of = Pitanje { $n } od { $total }
risk-complete-title = Završetak procene
risk-missing = { $count ->
    [one] Još { $count } stavka nije popunjena:
    [few] Još { $count } stavke nisu popunjene:
   *[other] Još { $count } stavki nije popunjeno:
  }
risk-final-level = Konačni orijentacioni nivo rizika (smernica)
risk-final-level-hint = Izračunati nivo možete zadržati ili ga, po profesionalnoj proceni, povećati; smanjiti ga ne možete.
risk-final-level-computed = (izračunati)
risk-raise-reason = Razlog za povećanje nivoa rizika
risk-reassess-if-completed = Ponovna procena rizika biće potrebna do { $time }.
risk-complete = Završi procenu
risk-patrol-note = Nalaz o neposrednoj opasnosti završava nadležni policijski službenik za nasilje u porodici (član 15). Vi ste upisani kao policijski službenik patrole: odgovore i obrazloženje možete uneti, nacrt ostaje sačuvan.
risk-completing = Završavanje…
risk-completed-at = Procena završena { $time }, službenik { $badge }
risk-reassess-due = Ponovna procena do
risk-lowered = Konačni nivo ne može biti niži od izračunatog („{ $level }“).
