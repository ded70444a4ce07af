case-list-title = Cases
case-list-search = Search by name or address
case-list-search-hint = Every search is recorded in the audit log.
case-list-new = New case
case-list-empty = No cases on this device yet.
case-list-empty-search = No case matches this search.
case-list-reported = Reported
case-list-address = Address
case-list-victims = Victims
case-list-perpetrators = Perpetrators
case-list-no-time = time not entered
case-list-no-address = address not entered
case-list-nobody = —
case-list-firearm = Firearm
case-list-draft = Draft
case-list-count = { $count ->
    [one] { $count } case
   *[other] { $count } cases
  }
case-list-more = Show older cases
case-list-order-left = Measure: { $time } left
case-list-reassess-overdue = Re-assessment overdue
