//! A person's history on the central record (issue 16, V11): the **person index** the online
//! lookup reads (`person_index`, one row per person record from its owner's latest accepted
//! version, filled in the push's transaction), the **lookup** itself (`POST /v1/history`:
//! [`Store::history`]) and the **offline list** of orders in force per police administration
//! (`in_force`, kept where the console's index is kept: the push's transaction and the console's
//! acts; read by `GET /v1/in-force`: [`Store::in_force_list`]).
//!
//! **Keys** (`history_keys`, [`keys`]): two random 32-byte keys made once when the store opens,
//! sealed under the central key like every personal column — so `rotate-key` re-encrypts them
//! and never changes them, and the index and the list stay valid across a rotation. `person_mac`
//! keys HMAC-SHA256; it never leaves the server. `in_force` is the list's Argon2id salt-key,
//! given to every device with the list.
//!
//! **The index holds no name or JMBG**: the HMAC-SHA256 (hex) of the JMBG's 13 digits, and of the
//! family name, given name (each folded by core's search folding — case, script, diacritics —
//! with runs of spaces made one) and the date of birth (else the JMBG's), each under its own
//! label. A lookup is an equality on a MAC, by index; nothing is decrypted to find a match.
//!
//! **Matching** (the asking person's MACs against every other case's): the same JMBG is a
//! `jmbg` match; the same name and birth date is a `name_and_birth` match when either side has
//! no JMBG — two records with **different** JMBGs are two people, whatever their names say.
//!
//! **Invariants.** The asking person is the device's own record, in the case named, which is the
//! device's own and has reached the central record; every lookup and refusal is written to the
//! admin audit (actor kind `device`, the device's id and the officer's badge, `history.lookup`,
//! `person:<id>`, the purpose, counts only) in the transaction that reads the answer. The list's
//! person hash is made once per order, JMBG and key, and kept — after the push's commit, never
//! inside a writer's transaction ([`settle`]).

pub(crate) mod in_force;
mod keys;
mod lookup;
pub(crate) mod person_index;
mod settle;

pub use in_force::person_hash;
pub use keys::{ARGON2_ITERATIONS, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM, ensure_keys};
pub use lookup::{HistoryRefusal, LookupRequest, MAX_MATCHES};
pub use person_index::index_held_people;
