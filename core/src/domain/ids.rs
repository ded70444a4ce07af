//! Identifier newtypes. Record ids are UUIDv7 (time-ordered, so they index well and sort by
//! creation); a badge number is the officer's service number, validated once at the edge.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! uuid_id {
    ($name:ident, $what:literal) => {
        #[doc = concat!("Identifier of a ", $what, " (UUIDv7).")]
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    };
}

uuid_id!(CaseId, "case");
uuid_id!(PersonId, "person in a case");
uuid_id!(
    StatementId,
    "statement (of any person in a case) or addendum"
);
uuid_id!(AssessmentId, "risk assessment");
uuid_id!(OrderId, "emergency-measure order");
uuid_id!(EventId, "event on an order");
uuid_id!(DocumentId, "generated document");

/// An officer's badge (service) number: 1–16 ASCII letters, digits or '-'.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Badge(String);

/// Why a string is not a badge number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadgeError {
    #[error("badge number is empty")]
    Empty,
    #[error("badge number is longer than 16 characters")]
    TooLong,
    #[error("badge number may contain only letters A–Z, digits and '-'")]
    BadCharacter,
}

impl Badge {
    pub fn parse(s: &str) -> Result<Self, BadgeError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(BadgeError::Empty);
        }
        if s.len() > 16 {
            return Err(BadgeError::TooLong);
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(BadgeError::BadCharacter);
        }
        Ok(Self(s.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Badge {
    type Error = BadgeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Badge> for String {
    fn from(b: Badge) -> String {
        b.0
    }
}

impl fmt::Display for Badge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Badge {
    type Err = BadgeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
