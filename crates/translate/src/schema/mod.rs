//! Tool parameter schemas, cleaned the way OCI's models need them.
//!
//! OCI forwards `parameters` to models whose schema support is narrower than JSON Schema
//! (Gemini's OpenAPI subset, Cohere's parameter definitions). One pass over the schema builds
//! the cleaned copy:
//!
//! * `$ref` to `#/$defs/…` or `#/definitions/…` is inlined (the keys next to the `$ref`, such as
//!   `description`, are kept); a reference cycle, a reference nested deeper than
//!   [`MAX_REF_DEPTH`] or one that cannot be resolved becomes `{"type": "object"}`;
//!   a `$ref` whose inlining would take the values copied by inlining in this schema past
//!   [`MAX_INLINED_NODES`] also becomes `{"type": "object"}`, so definitions that reference
//!   each other several times cannot blow the schema up exponentially; `$defs`,
//!   `definitions`, `$schema` and `$id` are dropped;
//! * `anyOf`/`oneOf` with a `{"type": "null"}` branch loses that branch, and a single remaining
//!   branch is merged into its parent (the branch's keys win, as Pydantic's `Optional[T]`
//!   needs); `type: ["string", "null"]` becomes `"string"`, `type: "any"` becomes `"object"`;
//! * `required` keeps only names present in `properties`;
//! * an array without `items` gets `{"type": "object"}` (langchain-oracle's choice);
//! * `title` and `default: null` are dropped.
//!
//! Only schema keywords are touched: a *property* called `title` or `$ref` is kept.
//!
//! Most schemas need none of this; [`is_unchanged_by_cleaning`] tells them apart while they are
//! still JSON text, so that they can be sent as the client wrote them.

mod memo;
mod unchanged;

use serde_json::{Map, Value};

pub(crate) use memo::Outcome;
pub use memo::{SCHEMA_MEMO_MAX_BYTES, SCHEMA_MEMO_MAX_SCHEMAS, SchemaMemo};
pub use unchanged::{MAX_CHECKED_KEYS, is_unchanged_by_cleaning};

/// How many `$ref`s deep inlining goes before giving up with `{"type": "object"}`.
pub const MAX_REF_DEPTH: usize = 16;

/// How many JSON values inlining may copy in one schema; a `$ref` that would copy more gives
/// up with `{"type": "object"}`. A string counts once per [`INLINED_STRING_BYTES`] bytes, so
/// long descriptions cannot be copied without bound either. Real tool schemas stay far below;
/// the bound keeps the work on a hostile schema (each definition referencing the next several
/// times, or one large definition referenced many times) linear in its size.
pub const MAX_INLINED_NODES: usize = 10_000;

/// The bytes of a string that count as one value against [`MAX_INLINED_NODES`].
pub const INLINED_STRING_BYTES: usize = 64;

/// The cleaned copy of a tool's `parameters`.
#[must_use]
pub fn clean_schema(schema: &Value) -> Value {
    let mut cleaned = schema.clone();
    clean_schema_in_place(&mut cleaned);
    cleaned
}

/// Cleans a tool's `parameters` where they are, for a caller that owns them: nothing is copied
/// but the definitions a `$ref` inlines.
pub fn clean_schema_in_place(schema: &mut Value) {
    // The definitions are read from the root as the client sent it; they are dropped from the
    // cleaned schema anyway.
    let (defs, definitions) = match schema {
        Value::Object(root) => (take_object(root, "$defs"), take_object(root, "definitions")),
        _ => (None, None),
    };
    let mut cleaner = Cleaner {
        defs: Defs { defs, definitions },
        stack: Vec::new(),
        inlined: 0,
    };
    cleaner.clean(schema);
}

/// Removes `key` from `object` and returns it if it held an object.
fn take_object(object: &mut Map<String, Value>, key: &str) -> Option<Map<String, Value>> {
    match object.remove(key) {
        Some(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// The root's `$defs` and `definitions`, which `$ref`s resolve against.
struct Defs {
    defs: Option<Map<String, Value>>,
    definitions: Option<Map<String, Value>>,
}

impl Defs {
    fn get(&self, reference: &str) -> Option<&Value> {
        if let Some(name) = reference.strip_prefix("#/$defs/") {
            self.defs.as_ref()?.get(unescape_pointer(name).as_ref())
        } else if let Some(name) = reference.strip_prefix("#/definitions/") {
            self.definitions
                .as_ref()?
                .get(unescape_pointer(name).as_ref())
        } else {
            None
        }
    }
}

/// JSON Pointer unescaping of one reference token (`~1` → `/`, `~0` → `~`).
fn unescape_pointer(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

struct Cleaner {
    defs: Defs,
    /// The `$ref`s being inlined, to break cycles.
    stack: Vec<String>,
    /// Values copied by inlining so far, against [`MAX_INLINED_NODES`].
    inlined: usize,
}

impl Cleaner {
    fn clean(&mut self, schema: &mut Value) {
        match schema {
            Value::Object(object) => self.clean_object(object),
            Value::Array(items) => items.iter_mut().for_each(|item| self.clean(item)),
            _ => {}
        }
    }

    fn clean_object(&mut self, object: &mut Map<String, Value>) {
        if let Some(Value::String(reference)) = object.get("$ref") {
            let reference = reference.clone();
            let site = std::mem::replace(object, self.inline(&reference));
            // Keys beside the `$ref` (`description`, `required`, ...) describe this use of
            // the definition; they are cleaned like any keyword, and the merged schema is
            // finished as a whole, so that `required` is pruned against the properties it
            // ends up with.
            for (key, mut value) in site {
                if key != "$ref" && !is_dropped(&key, &value) {
                    self.clean_keyword(&key, &mut value);
                    object.insert(key, value);
                }
            }
        } else {
            object.retain(|key, value| !is_dropped(key, value));
            for (key, value) in object.iter_mut() {
                self.clean_keyword(key, value);
            }
        }
        finish(object);
    }

    /// Cleans the value of one kept keyword of a schema object.
    fn clean_keyword(&mut self, key: &str, value: &mut Value) {
        match key {
            "type" => clean_type(value),
            "properties" | "patternProperties" => {
                if let Value::Object(properties) = value {
                    properties
                        .values_mut()
                        .for_each(|property| self.clean(property));
                }
            }
            // Keys whose values are plain data, not schemas.
            "enum" | "const" | "required" | "examples" | "default" => {}
            _ => self.clean(value),
        }
    }

    /// The cleaned definition `reference` names, or `{"type": "object"}` when it cannot be
    /// inlined. Only the keywords cleaning keeps are copied, and every value copied counts
    /// against [`MAX_INLINED_NODES`].
    fn inline(&mut self, reference: &str) -> Map<String, Value> {
        let inlinable =
            self.stack.len() < MAX_REF_DEPTH && !self.stack.iter().any(|open| open == reference);
        let copied = match self.defs.get(reference) {
            Some(Value::Object(target)) if inlinable => {
                let mut budget = MAX_INLINED_NODES.saturating_sub(self.inlined);
                let copied = copy_kept(target, &mut budget);
                self.inlined = MAX_INLINED_NODES - budget;
                copied
            }
            _ => None,
        };
        let Some(mut target) = copied else {
            return match object_type() {
                Value::Object(map) => map,
                _ => Map::new(),
            };
        };
        self.stack.push(reference.to_owned());
        self.clean_object(&mut target);
        self.stack.pop();
        target
    }
}

/// A copy of a schema object without the keywords cleaning drops, or `None` once copying
/// would spend more than `budget` values (a string costs one per [`INLINED_STRING_BYTES`]).
fn copy_kept(object: &Map<String, Value>, budget: &mut usize) -> Option<Map<String, Value>> {
    let mut copy = Map::new();
    for (key, value) in object {
        if !is_dropped(key, value) {
            charge(budget, 1 + key.len() / INLINED_STRING_BYTES)?;
            copy.insert(key.clone(), copy_value(value, budget)?);
        }
    }
    Some(copy)
}

fn copy_value(value: &Value, budget: &mut usize) -> Option<Value> {
    Some(match value {
        Value::Object(object) => Value::Object(copy_kept(object, budget)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| {
                    charge(budget, 1)?;
                    copy_value(item, budget)
                })
                .collect::<Option<_>>()?,
        ),
        Value::String(text) => {
            charge(budget, text.len() / INLINED_STRING_BYTES)?;
            value.clone()
        }
        other => other.clone(),
    })
}

fn charge(budget: &mut usize, cost: usize) -> Option<()> {
    *budget = budget.checked_sub(cost)?;
    Some(())
}

/// The rules that look at a schema object as a whole, once its keywords are cleaned.
fn finish(out: &mut Map<String, Value>) {
    collapse_nullable(out, "anyOf");
    collapse_nullable(out, "oneOf");
    prune_required(out);
    if is_array_type(out.get("type")) && !out.contains_key("items") {
        out.insert("items".to_owned(), object_type());
    }
}

/// Schema keywords the cleaned schema leaves out.
fn is_dropped(key: &str, value: &Value) -> bool {
    matches!(key, "title" | "$defs" | "definitions" | "$schema" | "$id")
        || (key == "default" && value.is_null())
}

fn object_type() -> Value {
    let mut map = Map::new();
    map.insert("type".to_owned(), Value::String("object".to_owned()));
    Value::Object(map)
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

fn is_array_type(ty: Option<&Value>) -> bool {
    match ty {
        Some(Value::String(ty)) => ty == "array",
        Some(Value::Array(types)) => types.iter().any(|ty| ty == "array"),
        _ => false,
    }
}

/// `["string", "null"]` → `"string"`; `"any"` → `"object"`; `["null"]` → `"string"`.
fn clean_type(ty: &mut Value) {
    match ty {
        Value::String(name) if name == "any" => *name = "object".to_owned(),
        Value::Array(types) => {
            types.retain(|ty| ty != "null");
            match types.len() {
                0 => *ty = Value::String("string".to_owned()),
                1 => *ty = types.pop().unwrap_or_default(),
                _ => {}
            }
        }
        _ => {}
    }
}

/// Drops `{"type": "null"}` branches of `key` (`anyOf`/`oneOf`); one branch left is merged into
/// the parent, its keys winning.
fn collapse_nullable(out: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(branches)) = out.get_mut(key) else {
        return;
    };
    if !branches.iter().any(is_null_schema) {
        return;
    }
    branches.retain(|branch| !is_null_schema(branch));
    let remaining = branches.len();
    if remaining != 1 || out.contains_key("type") {
        if remaining == 0 {
            out.remove(key);
        }
        return;
    }
    let Some(Value::Array(mut branches)) = out.remove(key) else {
        return;
    };
    if let Some(Value::Object(branch)) = branches.pop() {
        for (name, value) in branch {
            out.insert(name, value);
        }
    }
    // The merged branch may itself be an array without items.
    if is_array_type(out.get("type")) && !out.contains_key("items") {
        out.insert("items".to_owned(), object_type());
    }
    prune_required(out);
}

/// Keeps only the `required` names present in `properties`; drops `required` when none is
/// left (or when it is not a list).
fn prune_required(out: &mut Map<String, Value>) {
    let Some(required) = out.get("required") else {
        return;
    };
    let kept: Vec<Value> = match (required, out.get("properties")) {
        (Value::Array(names), Some(Value::Object(properties))) => names
            .iter()
            .filter(|name| {
                name.as_str()
                    .is_some_and(|name| properties.contains_key(name))
            })
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    if kept.is_empty() {
        out.remove("required");
    } else {
        out.insert("required".to_owned(), Value::Array(kept));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keywords_beside_a_ref_are_cleaned_and_pruned_too() {
        // Found by the property test: an unresolvable `$ref` with a `required` beside it kept
        // a `required` entry naming no property.
        let cleaned = clean_schema(&serde_json::json!({"$ref": "string", "required": [null, "a"]}));
        assert_eq!(cleaned, serde_json::json!({"type": "object"}));
        let cleaned = clean_schema(&serde_json::json!({
            "$defs": {"Point": {"type": "object", "properties": {"x": {"type": "number", "title": "X"}}}},
            "$ref": "#/$defs/Point",
            "required": ["x", "y"],
            "title": "P"
        }));
        assert_eq!(
            cleaned,
            serde_json::json!({"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]})
        );
    }

    #[test]
    fn inlines_refs_and_drops_defs() {
        let schema = json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Args",
            "type": "object",
            "$defs": {"Point": {"title": "Point", "type": "object", "properties": {"x": {"type": "number"}}, "required": ["x", "y"]}},
            "properties": {
                "title": {"type": "string", "title": "Title"},
                "at": {"$ref": "#/$defs/Point", "description": "where"},
                "old": {"$ref": "#/definitions/Missing"}
            },
            "required": ["title", "at", "gone"]
        });
        assert_eq!(
            clean_schema(&schema),
            json!({
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "at": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"], "description": "where"},
                    "old": {"type": "object"}
                },
                "required": ["title", "at"]
            })
        );
    }

    #[test]
    fn breaks_ref_cycles() {
        let schema = json!({
            "$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}}},
            "$ref": "#/$defs/Node"
        });
        assert_eq!(
            clean_schema(&schema),
            json!({"type": "object", "properties": {"next": {"type": "object"}}})
        );
    }

    #[test]
    fn repeated_references_stay_bounded() {
        // D0 → 4 × D1 → 4 × D2 … : 4^24 values if inlined in full.
        let mut defs = serde_json::Map::new();
        for i in 0..24 {
            let next = json!({"$ref": format!("#/$defs/D{}", i + 1)});
            defs.insert(
                format!("D{i}"),
                json!({"type": "object", "properties": {"a": next, "b": next, "c": next, "d": next}}),
            );
        }
        let schema = json!({"$defs": defs, "$ref": "#/$defs/D0"});
        fn count(value: &Value) -> usize {
            1 + match value {
                Value::Object(map) => map.values().map(count).sum(),
                Value::Array(items) => items.iter().map(count).sum(),
                _ => 0,
            }
        }
        let cleaned = clean_schema(&schema);
        assert!(
            count(&cleaned) < 3 * MAX_INLINED_NODES,
            "{}",
            count(&cleaned)
        );
    }

    /// The size of a value as inlining charges it: one per value, strings per
    /// [`INLINED_STRING_BYTES`].
    fn weight(value: &Value) -> usize {
        1 + match value {
            Value::Object(map) => map
                .iter()
                .map(|(key, value)| key.len() / INLINED_STRING_BYTES + weight(value))
                .sum(),
            Value::Array(items) => items.iter().map(weight).sum(),
            Value::String(text) => text.len() / INLINED_STRING_BYTES,
            _ => 0,
        }
    }

    #[test]
    fn one_large_definition_referenced_many_times_stays_bounded() {
        let big_enum: Vec<Value> = (0..5_000).map(|i| json!(format!("v{i}"))).collect();
        let nested_defs: Map<String, Value> = (0..5_000)
            .map(|i| (format!("N{i}"), json!({"type": "string"})))
            .collect();
        for definition in [
            json!({"type": "string", "enum": big_enum}),
            json!({"type": "string", "description": "x".repeat(200_000)}),
            json!({"type": "object", "$defs": nested_defs, "title": "t".repeat(200_000)}),
        ] {
            let properties: Map<String, Value> = (0..2_000)
                .map(|i| (format!("p{i}"), json!({"$ref": "#/$defs/Big"})))
                .collect();
            let schema =
                json!({"type": "object", "properties": properties, "$defs": {"Big": definition}});
            let cleaned = clean_schema(&schema);
            // The 2,000 sites themselves, plus at most the budget copied by inlining.
            assert!(
                weight(&cleaned) <= weight(&schema) + MAX_INLINED_NODES,
                "{} > {} + {MAX_INLINED_NODES}",
                weight(&cleaned),
                weight(&schema)
            );
        }
    }

    #[test]
    fn collapses_nullable_unions() {
        let schema = json!({
            "type": "object",
            "properties": {
                "query": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "description": "q"},
                "tags": {"anyOf": [{"type": "array"}, {"type": "null"}]},
                "either": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
                "kind": {"type": ["string", "null"]},
                "nothing": {"type": ["null"]},
                "any": {"type": "any"}
            }
        });
        assert_eq!(
            clean_schema(&schema),
            json!({
                "type": "object",
                "properties": {
                    "query": {"type": "string", "description": "q"},
                    "tags": {"type": "array", "items": {"type": "object"}},
                    "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    "kind": {"type": "string"},
                    "nothing": {"type": "string"},
                    "any": {"type": "object"}
                }
            })
        );
    }

    #[test]
    fn arrays_get_items_and_required_needs_properties() {
        assert_eq!(
            clean_schema(&json!({"type": "array", "required": ["a"], "default": []})),
            json!({"type": "array", "items": {"type": "object"}, "default": []})
        );
        assert_eq!(
            clean_schema(&json!({"type": "object", "required": "a"})),
            json!({"type": "object"})
        );
    }

    #[test]
    fn non_objects_pass_through() {
        for value in [
            json!(null),
            json!(true),
            json!("x"),
            json!([1, {"title": "t"}]),
        ] {
            let cleaned = clean_schema(&value);
            if let Value::Array(items) = &cleaned {
                assert_eq!(items[1], json!({}));
            } else {
                assert_eq!(cleaned, value);
            }
        }
    }
}
