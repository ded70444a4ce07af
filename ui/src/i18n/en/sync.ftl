# The sync screen, the header's sync badge, official numbers from the central record.
sync-title = Sync with the central record
sync-open = Sync
sync-badge-label = Sync state: { $state }
sync-badge-syncing = Syncing…
sync-badge-not-enrolled = Device not enrolled
sync-badge-error = Sync failed
sync-badge-quarantine = { $quarantined ->
    [one] { $quarantined } record refused
   *[other] { $quarantined } records refused
  }
sync-badge-pending = { $count } waiting
sync-badge-synced = Synced
sync-now = Sync now
sync-running = Syncing…
sync-enroll-title = Enrol this device
sync-enroll-intro = This device is not enrolled with the central record yet. The station gives you an enrolment code; enter it here while the device is on the station's network. Enrolment is done once.
sync-enroll-code = Enrolment code
sync-enroll-hint = The code starts with “zastita-enroll:v1:”. Paste it or type it.
sync-enroll-empty = Enter the enrolment code the station gave you.
sync-enroll-submit = Enrol device
sync-enroll-busy = Enrolling…
sync-pending-none = Every record has been sent to the central record.
sync-pending = { $count ->
    [one] { $count } record waiting to be sent.
   *[other] { $count } records waiting to be sent.
  }
sync-attachments-pending = { $count ->
    [one] { $count } document (PDF) waiting to be sent.
   *[other] { $count } documents (PDF) waiting to be sent.
  }
sync-last-success = Last successful sync
sync-last-attempt = Last attempt
sync-next-attempt = Next attempt
sync-never = Never yet
sync-server = Central record
sync-device = Device id
sync-phase-starting = Connecting…
sync-phase-other = Syncing
sync-phase-push = Sending records
sync-phase-attachments = Sending attachments
sync-phase-feed = Receiving changes from the central record
sync-progress-count = { $done } of { $total }
sync-progress-label = Sync progress
sync-summary = Sync finished: { $sent } sent, { $received } changes received.
sync-last-error = The last sync failed
sync-error-other = Sync failed (error code: { $code }). It will be tried again; if it keeps happening, contact the station.
sync-ago-now = just now
sync-ago-minutes = { $count } min ago
sync-ago-hours = { $count } h ago
sync-ago-days = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
  }
sync-in-future = in the future (check the device's clock)
sync-in-seconds = in { $count } s
sync-in-minutes = in { $count } min
sync-skew-title = The device's clock does not match the central record's.
sync-skew-ahead = The device is { $amount } ahead.
sync-skew-behind = The device is { $amount } behind.
sync-skew-minutes = { $count } min
sync-skew-seconds = { $count } s
sync-skew-times = Device time: { $device }. Central record time: { $server }.
sync-skew-hint = Set the device's clock. Records keep both the device's time and the central record's time of receipt, so nothing is lost.
sync-quarantine-title = Records the central record refused
sync-quarantine-none = No refused records.
sync-quarantine-intro = These records are kept on the device, but the central record did not accept them. Other records are sent as usual. Contact the station.
sync-refused-title = Documents the central record did not take
sync-refused-intro = The documents are kept on the device and offered again at every sync; everything else is sent and received as usual. If this keeps happening, contact the station.
sync-refused-unknown_record = The central record does not link this document to this device.
sync-refused-hash_mismatch = Even after sending it again, what arrived does not match the document's fingerprint.
sync-refused-offset_mismatch = The upload repeatedly failed to resume where it stopped.
sync-refused-too_large = The document is larger than the central record accepts.
sync-refused-quota_exceeded = The central record holds as many of this device's documents as its quota allows; the station must raise it.
sync-refused-malformed = The central record did not understand the request to send the document.
sync-refused-attachment_inconsistent = The PDF on this device is shorter than was recorded when it was made.
sync-conflicts-title = Version conflicts
sync-conflicts-intro = The central record holds a different version of these records. Nothing was overwritten; the station reviews them.
sync-cursors = Acknowledged up to record { $acked }, changes up to { $cursor }.
sync-kind-case = Case
sync-kind-person = Person
sync-kind-statement = Statement
sync-kind-assessment = Risk assessment
sync-kind-order = Order
sync-kind-document = Document
sync-kind-audit = Audit log
sync-kind-unknown = Unknown
case-official-number = Case number: { $number }
case-no-official-number = No central record number yet
