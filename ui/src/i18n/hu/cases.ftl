case-list-title = Ügyek
case-list-search = Keresés név vagy cím szerint
case-list-search-hint = Minden keresés bekerül a naplóba.
case-list-new = Új ügy
case-list-empty = Ezen az eszközön még nincs ügy.
case-list-empty-search = Egy ügy sem felel meg a keresésnek.
case-list-reported = Bejelentve
case-list-address = Cím
case-list-victims = Sértettek
case-list-perpetrators = Elkövetők
case-list-no-time = az idő nincs megadva
case-list-no-address = a cím nincs megadva
case-list-nobody = —
case-list-firearm = Lőfegyver
case-list-draft = Piszkozat
case-list-count = { $count ->
    [one] { $count } ügy
   *[other] { $count } ügy
  }
case-list-more = Régebbi ügyek megjelenítése
case-list-order-left = Intézkedés: még { $time }
case-list-reassess-overdue = Újraértékelés késik
