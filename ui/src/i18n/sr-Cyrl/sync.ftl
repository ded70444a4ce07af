# The sync screen, the header's sync badge, official numbers from the central record.
sync-title = Синхронизација са централном евиденцијом
sync-open = Синхронизација
sync-badge-label = Стање синхронизације: { $state }
sync-badge-syncing = Синхронизација…
sync-badge-not-enrolled = Уређај није пријављен
sync-badge-error = Синхронизација није успела
sync-badge-quarantine = { $quarantined ->
    [one] { $quarantined } запис одбијен
    [few] { $quarantined } записа одбијена
   *[other] { $quarantined } записа одбијено
  }
sync-badge-pending = { $count } на чекању
sync-badge-synced = Синхронизовано
sync-now = Синхронизуј сада
sync-running = Синхронизација у току…
sync-enroll-title = Пријава уређаја
sync-enroll-intro = Уређај још није пријављен у централну евиденцију. У станици добијате код за пријаву; унесите га овде док је уређај на мрежи станице. Пријава се ради једном.
sync-enroll-code = Код за пријаву
sync-enroll-hint = Код почиње са „zastita-enroll:v1:“. Можете га налепити или прекуцати.
sync-enroll-empty = Унесите код за пријаву који сте добили у станици.
sync-enroll-submit = Пријави уређај
sync-enroll-busy = Пријављивање…
sync-pending-none = Сви записи су послати у централну евиденцију.
sync-pending = { $count ->
    [one] { $count } запис чека слање.
    [few] { $count } записа чекају слање.
   *[other] { $count } записа чека слање.
  }
sync-attachments-pending = { $count ->
    [one] { $count } документ (ПДФ) чека слање.
    [few] { $count } документа (ПДФ) чекају слање.
   *[other] { $count } докумената (ПДФ) чека слање.
  }
sync-last-success = Последња успешна синхронизација
sync-last-attempt = Последњи покушај
sync-next-attempt = Следећи покушај
sync-never = Још ниједном
sync-server = Централна евиденција
sync-device = Ознака уређаја
sync-phase-starting = Повезивање…
sync-phase-other = Синхронизација у току
sync-phase-push = Слање записа
sync-phase-attachments = Слање прилога
sync-phase-feed = Преузимање измена из централне евиденције
sync-progress-count = { $done } од { $total }
sync-progress-label = Напредак синхронизације
sync-summary = Синхронизација завршена: послато { $sent }, примљено измена { $received }.
sync-last-error = Последња синхронизација није успела
sync-error-other = Синхронизација није успела (шифра грешке: { $code }). Покушаће се поново; ако се понавља, јавите се у станици.
sync-ago-now = управо сада
sync-ago-minutes = пре { $count } мин
sync-ago-hours = пре { $count } х
sync-ago-days = { $count ->
    [one] пре { $count } дан
   *[other] пре { $count } дана
  }
sync-in-future = у будућности (проверите сат уређаја)
sync-in-seconds = за { $count } с
sync-in-minutes = за { $count } мин
sync-skew-title = Сат уређаја не одговара сату централне евиденције.
sync-skew-ahead = Уређај жури { $amount }.
sync-skew-behind = Уређај касни { $amount }.
sync-skew-minutes = { $count } мин
sync-skew-seconds = { $count } с
sync-skew-times = Време на уређају: { $device }. Време централне евиденције: { $server }.
sync-skew-hint = Подесите сат уређаја. Записи чувају и време уређаја и време пријема у централној евиденцији, па се ништа не губи.
sync-quarantine-title = Записи које је централна евиденција одбила
sync-quarantine-none = Нема одбијених записа.
sync-quarantine-intro = Ови записи су сачувани на уређају, али их централна евиденција није прихватила. Остали записи се шаљу нормално. Јавите се у станици.
sync-refused-title = Документи које централна евиденција није примила
sync-refused-intro = Документи су сачувани на уређају и шаљу се поново при свакој синхронизацији; све остало се шаље и прима нормално. Ако се ово понавља, јавите се у станици.
sync-refused-unknown_record = Централна евиденција овај документ не везује за овај уређај.
sync-refused-hash_mismatch = Примљени садржај се ни после поновљеног слања не поклапа са отиском документа.
sync-refused-offset_mismatch = Слање се више пута није наставило тамо где је стало.
sync-refused-too_large = Документ је већи него што централна евиденција прима.
sync-refused-quota_exceeded = Централна евиденција чува онолико докумената овог уређаја колико његова квота дозвољава; станица треба да је повећа.
sync-refused-malformed = Централна евиденција није разумела захтев за слање документа.
sync-refused-attachment_inconsistent = ПДФ на уређају је краћи него што је забележено када је направљен.
sync-conflicts-title = Сукоби верзија
sync-conflicts-intro = Централна евиденција има другачију верзију ових записа. Ништа није преписано; станица их прегледа.
sync-cursors = Потврђено до записа { $acked }, измене до { $cursor }.
sync-kind-case = Предмет
sync-kind-person = Лице
sync-kind-statement = Изјава
sync-kind-assessment = Процена ризика
sync-kind-order = Наређење
sync-kind-document = Документ
sync-kind-audit = Дневник
sync-kind-unknown = Непознато
case-official-number = Број предмета: { $number }
case-no-official-number = Још без броја централне евиденције
