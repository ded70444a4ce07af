unlock-title = Unlock
unlock-officer = Officer (badge number)
unlock-officer-choose = Choose your badge number
unlock-passphrase = Passphrase
unlock-submit = Unlock
unlock-busy = Unlocking…
unlock-wrong-passphrase = Wrong passphrase. { $attempts ->
    [0] The next wrong attempt locks unlocking for a while.
    [one] { $attempts } attempt left before unlocking is locked for a while.
   *[other] { $attempts } attempts left before unlocking is locked for a while.
  }
unlock-wrong-passphrase-plain = Wrong passphrase.
unlock-lockout = Too many wrong passphrases. Try again in { $time }.
unlock-wipe-warning = WARNING: { $attempts ->
    [one] one more wrong passphrase
   *[other] { $attempts } more wrong passphrases
  } and this device destroys its keys. All data on it becomes unreadable.
unlock-wiped = This device has destroyed its keys after too many wrong passphrases. The data can no longer be read. Take the device back to the station.
unlock-revoked = This device was revoked by the central record. Its keys and all data on it were destroyed. Hand the device in at the station.
