risk-title = Risk assessment
risk-back = Back to the case
risk-assess = Assess risk
risk-mode = How questions are shown
risk-mode-checklist = All questions
risk-mode-steps = One at a time
risk-computed = Computed risk level (guide)
risk-final = Final risk level (guide)
risk-progress = { $answered } of { $total } answered
risk-score = score { $score }
risk-no-rules = No factor raises the risk level so far.
risk-item-number = { $n }.
risk-item-key-factor = Key risk factor
risk-item-help = Explanation
risk-note = What the answer rests on
risk-note-required-if-yes = (required with a “yes”)
risk-judgement = Competent officer's finding of imminent danger (Art. 16)
risk-judgement-reasons = Reasons for the finding
risk-finding-yes = Finding: imminent danger
risk-finding-no = Finding: no imminent danger
risk-step-of = Question { $n } of { $total }
risk-complete-title = Completing the assessment
risk-missing = { $count ->
    [one] { $count } item still needs attention:
   *[other] { $count } items still need attention:
  }
risk-final-level = Final risk level (guide)
risk-final-level-hint = Keep the computed level or raise it on your professional judgement; it cannot be lowered.
risk-final-level-computed = (computed)
risk-raise-reason = Reason for raising the risk level
risk-reassess-if-completed = The risk must be assessed again by { $time }.
risk-complete = Complete the assessment
risk-patrol-note = The finding of imminent danger is completed by the competent police officer for domestic violence (Art. 15). You are enrolled as a patrol officer: you can enter the answers and the reasons, and the draft stays saved.
risk-completing = Completing…
risk-completed-at = Assessment completed { $time } by { $badge }
risk-reassess-due = Re-assess by
risk-lowered = The final level cannot be lower than the computed one (“{ $level }”).
