case-form-title-new = New case
case-form-title-edit = Edit case
case-form-issues = Before recording, correct the following:
case-form-incident = Incident
incident-reported_at = Reported at
incident-police_arrived_at = Police arrived at
incident-address = Address
incident-municipality = Municipality
incident-reported_by = Reported by
incident-reporter-kind = Who reported it
incident-reporter-none = — choose —
incident-reporter-name = Reporter's name
incident-reporter-phone = Reporter's phone
incident-forms_of_violence = Forms of violence
incident-weapons_present = Weapons present
incident-weapons = Weapons
incident-weapon-kind = Kind of weapon
incident-weapon-description = Description
incident-weapon-seized = Seized
incident-weapon-add = Add weapon
incident-weapon-remove = Remove weapon
incident-weapon-number = Weapon { $n }
incident-injuries = Visible injuries
incident-children_present = Children present
incident-narrative = What happened (officer's account)
case-form-people = People
person-add-victim = Add victim
person-add-perpetrator = Add perpetrator
person-add-witness = Add witness
person-add-child = Add child
person-title = { $role } { $n }
person-given_name = Given name
person-family_name = Family name
person-jmbg = JMBG
person-date_of_birth = Date of birth
person-address = Address
person-phone = Phone
person-relationship_to_victim = Relationship to the victim
person-relationship-none = — choose —
person-kinship_degree = Degree of kinship
person-kinship_degree-unknown = — not known —
person-kinship_degree-n = { $n ->
    [1] 1st degree
    [2] 2nd degree
    [3] 3rd degree
   *[other] { $n }th degree
}
person-kinship_degree-hint-other_blood_relative = Collateral line: 2 = brother or sister, 3 = uncle, aunt, nephew, niece, 4 = first cousin.
person-kinship_degree-hint-in_law = By marriage: 1 = parent-in-law, son- or daughter-in-law, step-parent, step-child; 2 = brother- or sister-in-law.
person-household_with_victim = Common household with the victim
person-household-unanswered = — not asked —
person-language = Language
person-interpreter_needed = Needs an interpreter
person-remove = Remove this person
case-form-no-people = No people added yet.
case-record = Record case
case-recording = Recording…
case-recorded = Case recorded (version { $version }).
issue-in-person = { $role } { $n }: { $field }
issue-item = { $field }: { $message }
incident-weapon-legality = Licence
incident-weapon-in_household = Kept in the household
incident-weapon-used_in_incident = Used in the incident
incident-weapon-threatened_in_incident = Threatened with it in the incident
incident-weapon-seizure_receipt = Seizure receipt number
incident-weapon-receipt-short = receipt no. { $number }
incident-danger_without_act = No act of violence yet — why the danger is imminent
incident-danger_without_act-hint = Imminent danger can exist before a first act of violence (Art. 3): describe the behaviour and circumstances that show the possible perpetrator is ready to commit violence for the first time in the time immediately ahead.
incident-welfare_notification = Social-welfare centre notified
incident-welfare-hint = Children are involved: record when, which social-welfare centre and how it was notified.
incident-welfare-at = Notified at
incident-welfare-centre = Social-welfare centre
incident-welfare-means = How
incident-welfare-note = Note (optional)
incident-welfare-add = Record the centre's notification
incident-welfare-remove = Remove the notification
