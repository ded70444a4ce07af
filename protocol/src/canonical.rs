//! The canonical encoding: the one byte string a value is hashed and signed as, whatever process
//! or build produced it.
//!
//! JSON with object keys sorted by their UTF-8 bytes, no insignificant whitespace, strings escaped
//! as `serde_json` escapes them (only `"`, `\` and control characters), numbers as `serde_json`
//! writes them (integers as digits; floats in their shortest round-trip form). The keys are
//! sorted here, explicitly, rather than trusting `serde_json::Map`'s order: a build where some
//! dependency switches on `serde_json/preserve_order` would otherwise sign different bytes.

use serde::Serialize;
use serde_json::Value;

/// Why a value has no canonical encoding.
#[derive(Debug, thiserror::Error)]
pub enum CanonicalError {
    #[error("the value cannot be encoded as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The canonical bytes of `value`.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value = serde_json::to_value(value)?;
    let mut out = Vec::with_capacity(256);
    write(&value, &mut out)?;
    Ok(out)
}

fn write(value: &Value, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, k)?;
                out.push(b':');
                write(v, out)?;
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(v, out)?;
            }
            out.push(b']');
        }
        scalar => serde_json::to_writer(&mut *out, scalar)?,
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_level_and_whitespace_is_gone() {
        let v = json!({"b": 1, "a": {"z": [3, {"y": true, "x": null}], "é": "š"}, "A": 2.5});
        assert_eq!(
            String::from_utf8(to_vec(&v).unwrap()).unwrap(),
            r#"{"A":2.5,"a":{"z":[3,{"x":null,"y":true}],"é":"š"},"b":1}"#
        );
    }

    #[test]
    fn a_frozen_vector() {
        // Changing the encoding changes every signature ever made: this must never move.
        let v =
            json!({"text": "Ljubica \"Ljilja\" Đorđević\n", "lat": 45.2551, "n": -7, "list": []});
        assert_eq!(
            String::from_utf8(to_vec(&v).unwrap()).unwrap(),
            "{\"lat\":45.2551,\"list\":[],\"n\":-7,\"text\":\"Ljubica \\\"Ljilja\\\" Đorđević\\n\"}"
        );
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (-1e9f64..1e9).prop_map(|f| json!(f)),
            ".{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(".{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Decoding the canonical bytes and encoding again gives the same bytes, and they are
        /// valid JSON equal to the value.
        #[test]
        fn canonical_bytes_are_a_fixed_point(v in arb_json()) {
            let bytes = to_vec(&v).unwrap();
            let back: Value = serde_json::from_slice(&bytes).unwrap();
            prop_assert_eq!(&back, &v);
            prop_assert_eq!(to_vec(&back).unwrap(), bytes);
        }
    }
}
