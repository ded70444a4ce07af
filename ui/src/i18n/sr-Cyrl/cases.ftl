case-list-title = Предмети
case-list-search = Претрага по имену или адреси
case-list-search-hint = Свака претрага се бележи у дневник приступа.
case-list-new = Нова пријава
case-list-empty = На овом уређају још нема предмета.
case-list-empty-search = Ниједан предмет не одговара претрази.
case-list-reported = Пријављено
case-list-address = Адреса
case-list-victims = Жртве
case-list-perpetrators = Учиниоци
case-list-no-time = време није унето
case-list-no-address = адреса није унета
case-list-nobody = —
case-list-firearm = Ватрено оружје
case-list-draft = Нацрт
case-list-count = { $count ->
    [one] { $count } предмет
    [few] { $count } предмета
   *[other] { $count } предмета
  }
case-list-more = Прикажи старије предмете
case-list-order-left = Мера: још { $time }
case-list-reassess-overdue = Поновна процена касни
