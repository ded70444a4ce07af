//! Device ↔ central record tests: the real `zastita-central` binary over real HTTPS on loopback
//! ([`central`]), a fault-injecting TCP proxy between them ([`proxy`]), and devices on real
//! SQLCipher stores ([`device`]).

pub mod central;
pub mod device;
pub mod proxy;
pub mod raw;
