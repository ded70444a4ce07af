error-wrong_passphrase = Погрешна лозинка.
error-locked_out = Превише погрешних лозинки; откључавање је привремено онемогућено.
error-wiped = Овај уређај је уништио своје кључеве. Вратите га у станицу полиције.
error-unknown_officer = Овај број значке није регистрован на овом уређају.
error-officer_exists = Службеник са овим бројем значке је већ регистрован.
error-invalid_badge = Број значке није исправан. Користите само цифре и слова.
error-weak_passphrase = Лозинка је преслаба.
error-invalid_officer_name = Унесите име и презиме (највише 200 знакова).
error-store_exists = Овај уређај је већ подешен.
error-case_not_found = Предмет није пронађен на овом уређају.
error-case_exists = Овај предмет већ постоји на овом уређају.
error-nothing_to_record = Нема измена за евидентирање.
error-recorded_person_removed = Лице које је већ евидентирано у предмету не може се уклонити.
error-person_not_found = Лице није пронађено у овом предмету.
error-statement_not_found = Изјава није пронађена.
error-statement_signed = Изјава је већ потписана и не може се мењати.
error-amends_unsigned = Допунити се може само потписана изјава.
error-invalid = Нека поља треба исправити.
error-case_file = Датотека предмета не може да се прочита.
error-disk_full = Диск је пун. Ослободите простор; ништа није сачувано.
error-read_only = Подаци не могу да се упишу (складиште је само за читање).
error-store_corrupt = Складиште података је оштећено. Однесите уређај у станицу полиције.
error-store_damaged = Део складишта података је оштећен. Однесите уређај у станицу полиције.
error-store_not_found = Складиште података није пронађено.
error-store = Грешка у складишту података.
error-keyring = Датотека са кључевима не може да се прочита или упише. Не бришите ништа; предајте уређај у станици.
error-key = Грешка при шифровању.
error-prefs_write = Подешавања нису сачувана: на уређају нема места или се не може писати. Ваши подаци су нетакнути.
error-internal = Радња је прекинута. Покушајте поново; ништа већ сачувано није изгубљено.
error-not_unlocked = Уређај је закључан. Поново га откључајте.
error-no_store = Овај уређај још није подешен.
error-already_unlocked = Уређај је већ откључан.
error-unknown = Неочекивана грешка: { $message }
field-required = Обавезно поље; попуните га.
field-too_long = Дуже од { $max_chars } { $max_chars ->
    [one] знака
   *[other] знакова
  }.
field-too_many = Више од { $max } { $max ->
    [one] уноса
   *[other] уноса
  }.
field-control_character = Садржи невидљиви контролни знак; откуцајте поново.
field-in_future = Време је у будућности (проверите датум и сат уређаја).
field-before_reported = Долазак полиције је пре времена пријаве.
field-before_taken = Потписано пре него што је изјава узета.
field-jmbg_length = ЈМБГ има тачно 13 цифара.
field-jmbg_not_digits = ЈМБГ сме да садржи само цифре 0–9.
field-jmbg_date = Првих 7 цифара није стваран датум рођења (погрешно откуцана цифра?).
field-jmbg_checksum = Контролна цифра се не слаже (погрешно откуцана цифра?).
field-jmbg_birth_date_mismatch = Датум рођења у ЈМБГ-у се разликује од унетог датума рођења.
field-no_victim = Предмет мора имати бар једну жртву.
field-no_perpetrator = Предмет мора имати бар једног учиниоца.
field-relationship_required = Однос са жртвом је обавезан за сва лица осим жртве.
field-relationship_not_family = Учинилац мора бити члан породице или (бивши) партнер жртве.
field-weapons_not_listed = Оружје је било присутно, али није наведено; додајте свако оружје.
field-weapons_contradiction = Оружје је наведено, али је на питање о присуству оружја одговорено са „не”.
field-out_of_range = Вредност је изван дозвољеног опсега.
field-duplicate_id = Исти идентификатор је употребљен два пута.
field-unknown_person = Односи се на лице које није у предмету.
field-not_a_victim = Изјава се узима од жртве или детета.
field-signature_required = Потребан је потпис (или разлог зашто није потписано).
field-signature_empty = Потпис је празан; потпишите се поново.
field-unknown_statement = Односи се на изјаву која није у предмету.
field-amends_unsigned = Допунити се може само потписана изјава.
field-bad_digest = Отисак се не слаже са садржајем.
passphrase-too_short = Користите најмање { $min } { $min ->
    [one] знак
    [few] знака
   *[other] знакова
  }.
passphrase-one_character = Користите више од једног различитог знака.
passphrase-sequence = Не користите прост низ као 12345678 или abcdefgh.
passphrase-is_badge = Не састављајте лозинку од броја значке.
passphrase-too_common = Ово је једна од најчешћих лозинки; изаберите другу.
error-order_not_found = Наређење није пронађено у овом предмету.
error-order_already_issued = Наређење је већ издато; његов садржај се више не може мењати.
error-order_not_issued = Наређење још није издато. Прво га издајте.
error-order_needs_assessment = Наређење се не може издати без завршене процене ризика у овом предмету.
error-order_already_served = Наређење је већ уручено.
error-order_not_served = Наређење није уручено; рок од 48 сати и све даље одлуке рачунају се од уручења.
error-order_time_in_future = Унето време је у будућности. Проверите датум и сат.
error-order_served_before_issued = Наређење не може бити уручено пре него што је издато.
error-order_event_before_issue = Овај догађај не може бити пре издавања наређења.
error-order_event_before_service = Овај догађај не може бити пре уручења наређења.
error-order_extension_too_long = Суд може продужити меру највише за 30 дана после првих 48 сати; унети крај је каснији.
error-order_extension_end_invalid = Продужење мора имати време завршетка које је после садашњег краја мере.
error-order_refusal_with_end = Када је предлог за продужење одбијен, време завршетка се не уноси.
error-order_lifted = Мера је укинута; на овом наређењу се више ништа не евидентира.
error-order_ended = Мера је већ истекла.
error-order_already_forwarded = Наређење је већ прослеђено јавном тужилаштву.
error-order_central_only = Службени број додељује само централна евиденција.
error-assessment_not_found = Процена ризика није пронађена.
error-assessment_completed = Процена ризика је већ завршена и не може се мењати.
error-instrument_not_found = Упитник за процену ризика није пронађен на овом уређају.
error-instrument_version_exists = Ова верзија упитника већ постоји на уређају.
error-instrument_invalid = Датотека упитника није исправна.
error-risk_level_lowered = Коначни ниво ризика не може бити нижи од израчунатог.
error-assessment_incomplete = Процена није потпуна; допуните означена питања.
error-document_not_found = Документ није пронађен.
error-document = Документ не може да се направи. Покушајте поново; ако се понови, јавите се у станици.
field-not_a_perpetrator = Изабрано лице није учинилац у овом предмету.
field-not_protectable = Мера штити само жртву или дете из овог предмета.
