//! A minimal valid instance of a JSON Schema: the arguments an obedient
//! model passes to a tool, and the answer it gives for a JSON response
//! format.
//!
//! Rules, in order: `const`; the first `enum` value; `default`; the first
//! `anyOf`/`oneOf` alternative that is not `null`; `allOf` parts merged;
//! then by `type` (the first non-`null` one of a list; `object` when there
//! are `properties`, `array` when there are `items`):
//!
//! * object: every `required` property, nothing else;
//! * array: `minItems` items, at least one (unless `maxItems` is 0), built
//!   from `prefixItems` then `items`;
//! * string: `"mock"`, or a sample of its `format` (date-time, date, time,
//!   email, uri, uuid, ipv4, hostname), padded to `minLength` and cut to
//!   `maxLength` (`pattern` is not honoured);
//! * integer and number: 0 moved into `minimum`/`maximum` (exclusive bounds
//!   too) and up to a `multipleOf`;
//! * boolean: `false`; null: `null`; no type at all: `{}`.
//!
//! Local `$ref`s (`#`, `#/$defs/…`, `#/definitions/…`) are followed; nesting
//! deeper than 32 levels (such as a recursive schema whose recursion is
//! required) ends in `null` rather than overflowing the stack.

use serde_json::{Map, Number, Value, json};

const MAX_DEPTH: usize = 32;

/// A minimal instance of `schema`.
pub(crate) fn minimal_instance(schema: &Value) -> Value {
    Builder { root: schema }.instance(schema, 0)
}

struct Builder<'a> {
    root: &'a Value,
}

impl<'a> Builder<'a> {
    fn instance(&self, schema: &'a Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let Some(object) = schema.as_object() else {
            // `true` accepts anything; `false` nothing, and null is as good a
            // refusal as any.
            return if schema == &Value::Bool(true) {
                json!({})
            } else {
                Value::Null
            };
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return match self.resolve(reference) {
                Some(target) => self.instance(target, depth + 1),
                None => json!({}),
            };
        }
        if let Some(value) = object.get("const") {
            return value.clone();
        }
        if let Some(first) = object
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return first.clone();
        }
        if let Some(value) = object.get("default") {
            return value.clone();
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alternatives) = object.get(key).and_then(Value::as_array)
                && let Some(chosen) = alternatives
                    .iter()
                    .find(|alternative| !is_null_schema(alternative))
                    .or_else(|| alternatives.first())
            {
                return self.instance(chosen, depth + 1);
            }
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            return self.merged(object, parts, depth);
        }
        match schema_type(object) {
            Some("object") => self.object(object, depth),
            Some("array") => self.array(object, depth),
            Some("string") => string(object),
            Some("integer") => integer(object),
            Some("number") => number(object),
            Some("boolean") => Value::Bool(false),
            Some("null") => Value::Null,
            _ => json!({}),
        }
    }

    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let pointer = reference.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    fn object(&self, object: &'a Map<String, Value>, depth: usize) -> Value {
        let properties = object.get("properties").and_then(Value::as_object);
        let mut instance = Map::new();
        let required = object.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten().filter_map(Value::as_str) {
            let value = match properties.and_then(|p| p.get(name)) {
                Some(property) => self.instance(property, depth + 1),
                None => Value::String("mock".to_owned()),
            };
            instance.insert(name.to_owned(), value);
        }
        Value::Object(instance)
    }

    fn array(&self, object: &'a Map<String, Value>, depth: usize) -> Value {
        let min = object.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = object
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        // Bounded: a schema may ask for any number of items.
        let count = usize::try_from(min.max(1).min(max).min(64)).unwrap_or(64);
        let prefix = object
            .get("prefixItems")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let items = object.get("items");
        let any = Value::Bool(true);
        let items: Vec<Value> = (0..count)
            .map(|i| match (prefix.get(i), items) {
                (Some(schema), _) => self.instance(schema, depth + 1),
                (None, Some(schema)) => self.instance(schema, depth + 1),
                (None, None) => self.instance(&any, depth + 1),
            })
            .collect();
        Value::Array(items)
    }

    fn merged(&self, object: &'a Map<String, Value>, parts: &'a [Value], depth: usize) -> Value {
        let mut merged = Map::new();
        let mut other = None;
        let mut rest = object.clone();
        rest.remove("allOf");
        let base = Value::Object(rest);
        for part in std::iter::once(&base).chain(parts) {
            match self.instance(part, depth + 1) {
                Value::Object(fields) => merged.extend(fields),
                value => other = Some(value),
            }
        }
        match other {
            Some(value) if merged.is_empty() => value,
            _ => Value::Object(merged),
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

fn schema_type(object: &Map<String, Value>) -> Option<&str> {
    match object.get("type") {
        Some(Value::String(name)) => Some(name),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|name| *name != "null")
            .or(Some("null")),
        _ if object.contains_key("properties") || object.contains_key("required") => Some("object"),
        _ if object.contains_key("items") || object.contains_key("prefixItems") => Some("array"),
        _ => None,
    }
}

fn string(object: &Map<String, Value>) -> Value {
    let sample = match object.get("format").and_then(Value::as_str) {
        Some("date-time") => "2025-01-01T00:00:00Z",
        Some("date") => "2025-01-01",
        Some("time") => "00:00:00Z",
        Some("email") => "mock@example.com",
        Some("uri" | "url" | "iri") => "https://example.com/",
        Some("uuid") => "00000000-0000-4000-8000-000000000000",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("hostname") => "example.com",
        _ => "mock",
    };
    let mut text: String = sample.to_owned();
    let min = object.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let min = usize::try_from(min.min(4096)).unwrap_or(4096);
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = object.get("maxLength").and_then(Value::as_u64) {
        let max = usize::try_from(max).unwrap_or(usize::MAX);
        text = text.chars().take(max).collect();
    }
    Value::String(text)
}

/// A bound of a number: its value and whether it is exclusive.
type Bound = Option<(f64, bool)>;

/// Lower and upper bounds, in either JSON Schema draft's spelling.
fn bounds(object: &Map<String, Value>) -> (Bound, Bound) {
    let number = |key: &str| object.get(key).and_then(Value::as_f64);
    let flag = |key: &str| object.get(key).and_then(Value::as_bool).unwrap_or(false);
    let lower = match (number("exclusiveMinimum"), number("minimum")) {
        (Some(bound), _) => Some((bound, true)),
        (None, Some(bound)) => Some((bound, flag("exclusiveMinimum"))),
        (None, None) => None,
    };
    let upper = match (number("exclusiveMaximum"), number("maximum")) {
        (Some(bound), _) => Some((bound, true)),
        (None, Some(bound)) => Some((bound, flag("exclusiveMaximum"))),
        (None, None) => None,
    };
    (lower, upper)
}

fn integer(object: &Map<String, Value>) -> Value {
    let (lower, upper) = bounds(object);
    let mut value: f64 = 0.0;
    if let Some((bound, exclusive)) = lower {
        let least = if exclusive {
            bound.floor() + 1.0
        } else {
            bound.ceil()
        };
        value = value.max(least);
    }
    if let Some(step) = object.get("multipleOf").and_then(Value::as_f64)
        && step > 0.0
    {
        value = (value / step).ceil() * step;
    }
    if let Some((bound, exclusive)) = upper {
        let most = if exclusive {
            bound.ceil() - 1.0
        } else {
            bound.floor()
        };
        value = value.min(most);
    }
    // Bounded schemas keep the value well inside i64.
    Value::Number(Number::from(value.clamp(-9.0e15, 9.0e15) as i64))
}

fn number(object: &Map<String, Value>) -> Value {
    let (lower, upper) = bounds(object);
    let mut value: f64 = 0.0;
    if let Some((bound, exclusive)) = lower
        && (value < bound || (exclusive && value <= bound))
    {
        value = if exclusive { bound + 1.0 } else { bound };
    }
    if let Some((bound, exclusive)) = upper
        && (value > bound || (exclusive && value >= bound))
    {
        value = match lower {
            Some((low, _)) if exclusive => (low + bound) / 2.0,
            _ if exclusive => bound - 1.0,
            _ => bound,
        };
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_get_their_required_properties_only() {
        let schema = json!({
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
                "verbose": {"type": "boolean"}
            },
            "required": ["city", "unit", "days"]
        });
        assert_eq!(
            minimal_instance(&schema),
            json!({"city": "mock", "unit": "celsius", "days": 1})
        );
    }

    #[test]
    fn nested_objects_and_arrays() {
        let schema = json!({
            "type": "object",
            "required": ["trip"],
            "properties": {
                "trip": {
                    "type": "object",
                    "required": ["stops", "when"],
                    "properties": {
                        "stops": {"type": "array", "minItems": 2, "items": {
                            "type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 6}}
                        }},
                        "when": {"type": "string", "format": "date-time"}
                    }
                }
            }
        });
        assert_eq!(
            minimal_instance(&schema),
            json!({"trip": {"stops": [{"name": "mockxx"}, {"name": "mockxx"}], "when": "2025-01-01T00:00:00Z"}})
        );
    }

    #[test]
    fn const_enum_default_and_unions() {
        assert_eq!(minimal_instance(&json!({"const": 42})), json!(42));
        assert_eq!(minimal_instance(&json!({"enum": ["b", "a"]})), json!("b"));
        assert_eq!(
            minimal_instance(&json!({"type": "integer", "default": 5})),
            json!(5)
        );
        assert_eq!(
            minimal_instance(
                &json!({"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 3}]})
            ),
            json!(3)
        );
        assert_eq!(
            minimal_instance(&json!({"type": ["null", "string"]})),
            json!("mock")
        );
        assert_eq!(
            minimal_instance(&json!({"allOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                {"type": "object", "required": ["b"], "properties": {"b": {"type": "number"}}}
            ]})),
            json!({"a": "mock", "b": 0.0})
        );
    }

    #[test]
    fn numbers_respect_their_bounds() {
        assert_eq!(
            minimal_instance(&json!({"type": "integer", "exclusiveMinimum": 0})),
            json!(1)
        );
        assert_eq!(
            minimal_instance(&json!({"type": "integer", "maximum": -3})),
            json!(-3)
        );
        assert_eq!(
            minimal_instance(&json!({"type": "integer", "minimum": 5, "multipleOf": 4})),
            json!(8)
        );
        assert_eq!(
            minimal_instance(&json!({"type": "integer", "minimum": 2, "exclusiveMinimum": true})),
            json!(3)
        );
        assert_eq!(
            minimal_instance(&json!({"type": "number", "minimum": 0.5})),
            json!(0.5)
        );
        assert_eq!(
            minimal_instance(
                &json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})
            ),
            json!(0.5)
        );
    }

    #[test]
    fn strings_respect_their_length() {
        assert_eq!(
            minimal_instance(&json!({"type": "string", "maxLength": 2})),
            json!("mo")
        );
        assert_eq!(
            minimal_instance(&json!({"type": "string", "format": "email"})),
            json!("mock@example.com")
        );
    }

    #[test]
    fn local_references_are_followed_and_recursion_is_bounded() {
        let schema = json!({
            "$defs": {"Point": {"type": "object", "required": ["x"], "properties": {"x": {"type": "number"}}}},
            "type": "object",
            "required": ["at"],
            "properties": {"at": {"$ref": "#/$defs/Point"}, "tree": {"$ref": "#"}}
        });
        assert_eq!(minimal_instance(&schema), json!({"at": {"x": 0.0}}));
        let recursive =
            json!({"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#"}}});
        let mut value = minimal_instance(&recursive);
        let mut depth = 0;
        while let Some(next) = value.get("next") {
            value = next.clone();
            depth += 1;
        }
        assert!(depth > 10 && depth < 40, "{depth}");
        assert_eq!(
            minimal_instance(&json!({"$ref": "other.json#/x"})),
            json!({})
        );
    }

    #[test]
    fn missing_or_odd_schemas() {
        assert_eq!(minimal_instance(&json!({})), json!({}));
        assert_eq!(minimal_instance(&json!(true)), json!({}));
        assert_eq!(minimal_instance(&json!(false)), Value::Null);
        assert_eq!(
            minimal_instance(&json!({"type": "array", "maxItems": 0})),
            json!([])
        );
        assert_eq!(minimal_instance(&json!({"type": "array"})), json!([{}]));
    }
}
