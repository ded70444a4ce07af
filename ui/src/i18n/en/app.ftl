app-title = Zaštita
app-loading = Loading…
app-officer = Officer { $badge }
officer-role-patrol = patrol officer
officer-role-competent = competent officer for domestic violence
nav-cases = Cases
nav-settings = Settings
nav-lock = Lock
nav-main = Main navigation
common-now = Now
common-now-label = Now: set { $field } to the current time
common-datetime-placeholder = DD.MM.YYYY. HH:MM
common-date-placeholder = DD.MM.YYYY.
common-datetime-invalid = Enter the date and time as DD.MM.YYYY. HH:MM
common-date-invalid = Enter the date as DD.MM.YYYY.
common-back = Back
common-cancel = Cancel
common-retry = Try again
common-busy = Please wait…
answer-yes = Yes
answer-no = No
answer-unknown = Not known
save-state-idle = Not changed
save-state-dirty = Unsaved changes
save-state-saving = Saving…
save-state-saved = Saved at { $time }
save-state-failed = Not saved – { $error }
common-back-to-case = Back to the case
common-next = Next
common-previous = Previous
common-required = (required)
clock-duration = { $hours } h { $minutes } min
clock-duration-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
  } { $hours } h
clock-left = { $time } left
clock-passed = time is up
