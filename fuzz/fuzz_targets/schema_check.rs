//! Any bytes that are a JSON value, as a tool schema: whenever the text check says cleaning
//! would leave it unchanged, cleaning must give back the same value (the check may only err
//! towards "changed"). Neither may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use serde_json::value::RawValue;
use translate::{clean_schema, is_unchanged_by_cleaning};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(raw) = RawValue::from_string(text.to_owned()) else {
        return;
    };
    let unchanged = is_unchanged_by_cleaning(&raw);
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let cleaned = clean_schema(&value);
    if unchanged {
        assert_eq!(cleaned, value, "{text}");
    }
});
