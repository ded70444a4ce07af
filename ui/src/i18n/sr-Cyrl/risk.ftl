risk-title = Процена ризика
risk-back = Назад на предмет
risk-assess = Процени ризик
risk-mode = Приказ питања
risk-mode-checklist = Сва питања
risk-mode-steps = Једно по једно
risk-computed = Израчунати оријентациони ниво ризика (смерница)
risk-final = Коначни оријентациони ниво ризика (смерница)
risk-progress = Одговорено { $answered } од { $total }
risk-score = збир { $score }
risk-no-rules = За сада ниједан фактор не подиже ниво ризика.
risk-item-number = { $n }.
risk-item-key-factor = Кључни фактор ризика
risk-item-help = Објашњење
risk-note = На чему се одговор заснива
risk-note-required-if-yes = (обавезно уз одговор „да“)
risk-judgement = Налаз надлежног службеника о непосредној опасности (члан 16.)
risk-judgement-reasons = Разлози налаза
risk-finding-yes = Налаз: непосредна опасност постоји
risk-finding-no = Налаз: непосредна опасност не постоји
risk-step-of = Питање { $n } од { $total }
risk-complete-title = Завршетак процене
risk-missing = { $count ->
    [one] Још { $count } ставка није попуњена:
    [few] Још { $count } ставке нису попуњене:
   *[other] Још { $count } ставки није попуњено:
  }
risk-final-level = Коначни оријентациони ниво ризика (смерница)
risk-final-level-hint = Израчунати ниво можете задржати или га, по професионалној процени, повећати; смањити га не можете.
risk-final-level-computed = (израчунати)
risk-raise-reason = Разлог за повећање нивоа ризика
risk-reassess-if-completed = Поновна процена ризика биће потребна до { $time }.
risk-complete = Заврши процену
risk-patrol-note = Налаз о непосредној опасности завршава надлежни полицијски службеник за насиље у породици (члан 15). Ви сте уписани као полицијски службеник патроле: одговоре и образложење можете унети, нацрт остаје сачуван.
risk-completing = Завршавање…
risk-completed-at = Процена завршена { $time }, службеник { $badge }
risk-reassess-due = Поновна процена до
risk-lowered = Коначни ниво не може бити нижи од израчунатог („{ $level }“).
