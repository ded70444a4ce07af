app-title = Заштита
app-loading = Учитавање…
app-officer = Службеник { $badge }
officer-role-patrol = полицијски службеник патроле
officer-role-competent = надлежни службеник за насиље у породици
nav-cases = Предмети
nav-settings = Подешавања
nav-lock = Закључај
nav-main = Главна навигација
common-now = Сада
common-now-label = Сада: упиши тренутно време у поље { $field }
common-datetime-placeholder = ДД.ММ.ГГГГ. ЧЧ:ММ
common-date-placeholder = ДД.ММ.ГГГГ.
common-datetime-invalid = Унесите датум и време у облику ДД.ММ.ГГГГ. ЧЧ:ММ
common-date-invalid = Унесите датум у облику ДД.ММ.ГГГГ.
common-back = Назад
common-cancel = Откажи
common-retry = Покушај поново
common-busy = Сачекајте…
answer-yes = Да
answer-no = Не
answer-unknown = Непознато
save-state-idle = Нема измена
save-state-dirty = Измене нису сачуване
save-state-saving = Чување…
save-state-saved = Сачувано у { $time }
save-state-failed = Није сачувано – { $error }
common-back-to-case = Назад на предмет
common-next = Даље
common-previous = Претходно
common-required = (обавезно)
clock-duration = { $hours } х { $minutes } мин
clock-duration-days = { $days ->
    [one] { $days } дан
    [few] { $days } дана
   *[other] { $days } дана
  } { $hours } х
clock-left = још { $time }
clock-passed = рок је истекао
