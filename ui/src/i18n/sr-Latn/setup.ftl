setup-title = Prvo pokretanje na ovom uređaju
setup-intro = Unesite broj službene značke i ime i izaberite lozinku. Lozinka štiti sve podatke na ovom uređaju; ako je zaboravite, niko je ne može povratiti.
setup-badge = Broj značke
setup-name = Ime i prezime
setup-rank = Čin (nije obavezno)
setup-rank-hint = Štampa se uz vaše ime na naređenju, npr. „policijski narednik“.
setup-passphrase = Lozinka
setup-passphrase-confirm = Ponovite lozinku
setup-rules = Pravila za lozinku
setup-rule-met = ispunjeno
setup-rule-unmet = nije ispunjeno
setup-rule-long-enough = Najmanje { $min } { $min ->
    [one] znak
    [few] znaka
   *[other] znakova
  }
setup-rule-varied = Više od jednog različitog znaka
setup-rule-no-sequence = Nije prost niz kao 12345678 ili abcdefgh
setup-rule-not-badge = Nije sastavljena od broja značke
setup-rule-not-common = Nije jedna od najčešćih lozinki
setup-rule-match = Obe unete lozinke se poklapaju
setup-submit = Napravi zaštićeno skladište
setup-store-dir = Podaci se čuvaju u: { $dir }
