//! Device ↔ central record tests: the real `zastita-central` binary over real HTTPS on loopback
//! ([`central`]), a fault-injecting TCP proxy between them ([`proxy`]), devices on real
//! SQLCipher stores ([`device`]), and the flood of slow connections and junk pushes a server
//! must stand while they sync ([`flood`]).

pub mod central;
pub mod device;
pub mod flood;
pub mod proxy;
pub mod raw;
