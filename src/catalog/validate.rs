//! Checking and normalising resource properties against their description.
//!
//! The same code checks a Rhai constructor's map (before any request is sent) and a request
//! body arriving at the emulator, so both reject exactly the same values with the same reasons.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{Access, Field, FieldType, Presence, Rule};

/// Where the properties come from, which decides how read-only and immutable fields are treated.
#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    /// A constructor in a script: setting a read-only field is a mistake worth reporting.
    Build,
    /// Changes given in a script (an update's options): as strict as `Build`, but nothing is
    /// required.
    Change,
    /// A create request on the wire: read-only fields are ignored, as the API does.
    Create,
    /// An update on the wire or from a script: read-only fields are ignored, required fields
    /// need not be present, and a create-only field may not change from its current value.
    Update { current: &'a Map<String, Value> },
}

impl Mode<'_> {
    /// Whether the input comes from a script (named the Rhai way) rather than the wire.
    fn is_script(&self) -> bool {
        matches!(self, Mode::Build | Mode::Change)
    }
}

/// Why a property was refused. `message` completes a sentence that starts with the field's
/// name, so each side can name the field its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Field name on the wire, or the offending key when no field has that name.
    pub api: String,
    /// Field name in Rhai, or the offending key when no field has that name.
    pub rhai: String,
    /// What is wrong, e.g. `is required` or `must be one of AUTO, ZONE_1 (got 'X')`.
    pub message: String,
}

impl FieldError {
    fn new(field: &Field, message: impl Into<String>) -> Self {
        FieldError { api: field.api.into(), rhai: field.rhai.into(), message: message.into() }
    }
}

/// Properties after checking: scalar properties in the API's names and types, and nested
/// resource lists (still unchecked: they are checked against their own description).
#[derive(Debug, Default)]
pub struct Normalized {
    /// The `properties` object, keyed by API name.
    pub properties: Map<String, Value>,
    /// Nested resources keyed by the entity collection name (`servers`).
    pub children: Vec<(&'static Field, Vec<Value>)>,
}

/// Checks `input` (keys in Rhai or API naming) against `fields` (a resource's, or an
/// operation's options) and returns the normalised properties, coercing `"true"`/`"2"`
/// strings where a bool or number belongs.
pub fn normalize(fields: &'static [Field], input: &Map<String, Value>, mode: Mode) -> Result<Normalized, FieldError> {
    let mut out = Normalized::default();
    let input = split_shared(fields, input);
    for (key, value) in input.iter() {
        let Some(field) = fields.iter().find(|f| f.rhai == key || f.api == key) else {
            let allowed: Vec<&str> = fields
                .iter()
                .filter(|f| f.access != Access::ReadOnly)
                .map(|f| if mode.is_script() { f.rhai } else { f.api })
                .collect();
            return Err(FieldError {
                api: key.clone(),
                rhai: key.clone(),
                message: format!(
                    "is unknown{} (allowed: {})",
                    crate::suggest::did_you_mean(key, allowed.iter().copied()),
                    allowed.join(", ")
                ),
            });
        };
        if value.is_null() {
            continue;
        }
        match (field.access, mode) {
            (Access::ReadOnly, Mode::Build | Mode::Change) => {
                return Err(FieldError::new(field, "is read-only: the API sets it"))
            }
            (Access::ReadOnly, _) => continue,
            _ => {}
        }
        match (field.ty, value) {
            (FieldType::Children(_), Value::Array(items)) if items.iter().all(Value::is_object) => {
                out.children.push((field, items.clone()));
                continue;
            }
            (FieldType::Children(kind), _) => {
                return Err(FieldError::new(field, format!("must be an array of {kind} objects")))
            }
            (FieldType::IdList, Value::Array(items)) => {
                let refs = items
                    .iter()
                    .map(|item| reference(item).ok_or_else(|| FieldError::new(field, "must be an array of ids")))
                    .collect::<Result<Vec<_>, _>>()?;
                out.children.push((field, refs));
                continue;
            }
            (FieldType::IdList, _) => return Err(FieldError::new(field, "must be an array of ids")),
            _ => {}
        }
        let value = coerce(field, value)?;
        check_rule(field, &value)?;
        if let (Access::CreateOnly, Mode::Update { current }) = (field.access, mode) {
            if current.get(field.api).is_some_and(|old| old != &value) {
                return Err(FieldError::new(field, "cannot be changed after creation"));
            }
        }
        out.properties.insert(field.api.to_string(), value);
    }
    if matches!(mode, Mode::Build | Mode::Create) {
        let given = |f: &Field| out.properties.contains_key(f.api) || out.children.iter().any(|(c, _)| c.api == f.api);
        let required = |f: &Field| f.presence == Presence::Required;
        if let Some(missing) = fields.iter().find(|f| required(f) && !given(f)) {
            return Err(FieldError::new(missing, "is required"));
        }
    }
    Ok(out)
}

/// Spreads a list given by an API name two fields share (a server's `volumes`: ones to create,
/// `create_volumes`, and ones to attach, `attach_volumes`) over the two, as the API reads it:
/// an item with an id (the id itself, or an object with its `id`) names an existing object,
/// any other object is one to create. The input as it is when it names no such list.
fn split_shared<'a>(fields: &'static [Field], input: &'a Map<String, Value>) -> Cow<'a, Map<String, Value>> {
    let shared = |key: &str| fields.iter().filter(|f| f.api == key && f.rhai != key).count() > 1;
    if !input.keys().any(|key| shared(key)) {
        return Cow::Borrowed(input);
    }
    let mut out = Map::new();
    for (key, value) in input {
        let shared: Vec<&Field> = fields.iter().filter(|f| f.api == key && f.rhai != key).collect();
        let children = shared.iter().find(|f| matches!(f.ty, FieldType::Children(_)));
        let ids = shared.iter().find(|f| f.ty == FieldType::IdList);
        match (children, ids, value) {
            (Some(children), Some(ids), Value::Array(items)) => {
                let (named, new): (Vec<&Value>, Vec<&Value>) = items.iter().partition(|item| reference(item).is_some());
                for (field, part) in [(children, new), (ids, named)] {
                    if !part.is_empty() {
                        let list = out.entry(field.rhai).or_insert_with(|| Value::Array(Vec::new()));
                        if let Value::Array(list) = list {
                            list.extend(part.into_iter().cloned());
                        }
                    }
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Cow::Owned(out)
}

/// Converts a value to the field's wire type, accepting the string forms the SDKs send.
fn coerce(field: &Field, value: &Value) -> Result<Value, FieldError> {
    // A secret's value is never repeated, even a mistyped one: only its kind is.
    let got = if field.is_secret() { describe_kind(value) } else { describe_value(value) };
    let wrong = || FieldError::new(field, format!("must be {} (got {got})", expected(field.ty)));
    match field.ty {
        FieldType::Str => value.as_str().map(|s| Value::String(s.to_string())).ok_or_else(wrong),
        FieldType::Int => match value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9e15).map(|f| f as i64))
                .map(Value::from)
                .ok_or_else(wrong),
            Value::String(s) => s.trim().parse::<i64>().map(Value::from).map_err(|_| wrong()),
            _ => Err(wrong()),
        },
        FieldType::NumericId => {
            let id = match value {
                Value::Object(map) => map.get("id").unwrap_or(&Value::Null),
                other => other,
            };
            match id {
                Value::Number(n) => n.as_i64().map(Value::from).ok_or_else(wrong),
                Value::String(s) => s.trim().parse::<i64>().map(Value::from).map_err(|_| wrong()),
                _ => Err(wrong()),
            }
        }
        FieldType::Bool => match value {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            _ => Err(wrong()),
        },
        FieldType::Enum(allowed) => {
            let s = value.as_str().ok_or_else(wrong)?;
            allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(s))
                .map(|a| Value::String(a.to_string()))
                .ok_or_else(|| FieldError::new(field, format!("must be one of {} (got '{s}')", allowed.join(", "))))
        }
        FieldType::StrList => match value {
            Value::Array(items) if items.iter().all(Value::is_string) => Ok(value.clone()),
            _ => Err(wrong()),
        },
        FieldType::Reference => reference(value).ok_or_else(wrong),
        FieldType::Maps => match value {
            Value::Array(items) if items.iter().all(Value::is_object) => Ok(value.clone()),
            _ => Err(wrong()),
        },
        FieldType::Map => value.is_object().then(|| value.clone()).ok_or_else(wrong),
        FieldType::RefList => match value {
            Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    Value::Number(_) => Some(serde_json::json!({ "id": item })),
                    Value::Object(map) if map.contains_key("id") => Some(item.clone()),
                    other => reference(other),
                })
                .collect::<Option<Vec<_>>>()
                .map(Value::Array)
                .ok_or_else(wrong),
            _ => Err(wrong()),
        },
        FieldType::Children(_) | FieldType::IdList | FieldType::Json => Err(wrong()),
    }
}

/// `{"id": ...}` from an id string or a map holding an id.
fn reference(value: &Value) -> Option<Value> {
    let id = match value {
        Value::String(s) => s.as_str(),
        Value::Object(map) => map.get("id")?.as_str()?,
        _ => return None,
    };
    (!id.trim().is_empty()).then(|| serde_json::json!({ "id": id }))
}

/// What a value of the type is, as the end of "must be ...".
fn expected(ty: FieldType) -> String {
    match ty {
        FieldType::Str => "a string".into(),
        FieldType::Int => "an integer".into(),
        FieldType::NumericId => "an id: an integer, or the object (a map with its id)".into(),
        FieldType::Bool => "true or false".into(),
        FieldType::Enum(_) => ty.describe(),
        other => format!("an {}", other.describe()),
    }
}

fn check_rule(field: &Field, value: &Value) -> Result<(), FieldError> {
    match field.rule {
        Rule::None => Ok(()),
        Rule::Range(min, max) => match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(FieldError::new(field, format!("must be between {min} and {max} (got {value})"))),
        },
        Rule::MultipleOf { step, min } => match value.as_i64() {
            Some(n) if n >= min && n % step == 0 => Ok(()),
            _ => Err(FieldError::new(field, format!("must be a multiple of {step} and at least {min} (got {value})"))),
        },
        Rule::Ipv4 => each_string(field, value, |s| {
            let parts: Vec<&str> = s.split('.').collect();
            let valid = parts.len() == 4
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.len() <= 3
                        && p.chars().all(|c| c.is_ascii_digit())
                        && p.parse::<u16>().is_ok_and(|n| n <= 255)
                });
            valid.then_some(()).ok_or_else(|| format!("must be an IPv4 address like 192.168.1.10 (got '{s}')"))
        }),
        Rule::Mac => each_string(field, value, |s| {
            // The spec's pattern: six hex pairs separated by `:` or `-`.
            let parts: Vec<&str> = s.split([':', '-']).collect();
            let valid =
                parts.len() == 6 && parts.iter().all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()));
            valid.then_some(()).ok_or_else(|| format!("must be a MAC address like aa:bb:cc:dd:ee:ff (got '{s}')"))
        }),
        Rule::Secret { min, max, alphabet } => each_string(field, value, |s| {
            let len = s.chars().count();
            if !(min..=max).contains(&len) {
                return Err(match max {
                    usize::MAX => format!("must be at least {min} characters long (got {len})"),
                    _ => format!("must be {min} to {max} characters long (got {len})"),
                });
            }
            match s.chars().find(|c| !alphabet.contains(*c)) {
                Some(_) => Err(format!("may only contain the characters {alphabet}")),
                None => Ok(()),
            }
        }),
        Rule::Pattern(pattern) => each_string(field, value, |s| {
            if (pattern.matches)(s) {
                Ok(())
            } else {
                Err(format!("must be {} (got '{s}')", pattern.described))
            }
        }),
    }
}

/// Applies a check to a string value, or to each string of a list.
fn each_string(field: &Field, value: &Value, check: impl Fn(&str) -> Result<(), String>) -> Result<(), FieldError> {
    let strings: Vec<&str> = match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    strings.into_iter().try_for_each(check).map_err(|message| FieldError::new(field, message))
}

/// What kind of value this is, without the value (`a number`), for errors about secrets.
pub fn describe_kind(value: &Value) -> String {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a map",
    }
    .into()
}

/// A short description of a JSON value with the value (`number 12`), for error messages.
pub fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("bool {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string '{s}'"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "a map".into(),
    }
}
