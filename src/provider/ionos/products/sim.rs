//! The product APIs' emulator behaviour on the shared core (`crate::sim`): objects are shown
//! as `{id, type, href, metadata, properties}` with relative hrefs, lists as paged
//! collections of whole objects, a create answers with the object in PROVISIONING, a change
//! with it in its product's changing state, a delete with nothing; the state reads AVAILABLE
//! once the change's time is up. Each product adds its families and hooks.

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::catalog::{Effect, FieldError, Method, Mode, Normalized, Operation, Resource, Typical};
use crate::provider::ionos::sim::{date, object, CONTRACT_NUMBER};
use crate::provider::ionos::wire::{codes, ErrorBody};
use crate::sim::{
    self, Answers, Changes, Emulation, Ending, ErrorReply, Handler, Meta, OnDone, OnFailure, Reply, RequestRecord,
    Shape, Shared, StoredObject, World,
};

/// How one product API shows what the emulator stores.
#[derive(Debug)]
pub struct ProductShape {
    /// The state an object shows while it is being changed (`PROVISIONING`, `UPDATING`).
    pub changing: &'static str,
    /// The status an accepted create answers with, by the kind of object it makes (DNS 202
    /// but for reverse records, the others 201).
    pub created: fn(&str) -> StatusCode,
    /// The status an accepted change answers with (DNS 202, the others 200).
    pub changed: StatusCode,
    /// The kinds of object whose metadata has no state (DNS reverse records).
    pub stateless: &'static [&'static str],
    /// The kinds of object shown without metadata (a DNS zone's DNSSEC key set).
    pub bare: &'static [&'static str],
    /// Where the metadata says why the object FAILED (`message`, `statusMessage`), when it
    /// says.
    pub failure_key: Option<&'static str>,
    /// What an object's metadata shows beside its dates and state (a record's `fqdn`).
    pub metadata: fn(&World, &str, &StoredObject) -> Map<String, Value>,
    /// The product and location its resource names (URNs) carry: `dns`, `de/fra`.
    pub urn: (&'static str, &'static str),
}

impl ProductShape {
    /// The state of the object at `path`: its pending change's, else FAILED when its last
    /// change failed, else AVAILABLE.
    fn state(&self, world: &World, now: i64, path: &str, entry: &StoredObject) -> &'static str {
        match world.jobs().pending(path, now).map(|r| r.effect) {
            None if entry.meta.failure.is_some() => "FAILED",
            None => "AVAILABLE",
            Some(Effect::Create) => "PROVISIONING",
            Some(Effect::Delete) => "DESTROYING",
            Some(_) => self.changing,
        }
    }
}

/// A create answers 201 Created.
pub fn created(_: &str) -> StatusCode {
    StatusCode::CREATED
}

/// Nothing beside the dates and state.
pub fn no_metadata(_: &World, _: &str, _: &StoredObject) -> Map<String, Value> {
    Map::new()
}

/// An object's `metadata` with its state.
fn metadata(meta: &Meta, state: &str) -> Value {
    object([
        ("createdDate", date(meta.created_ms).into()),
        ("createdBy", meta.created_by.name.as_str().into()),
        ("createdByUserId", meta.created_by.id.as_str().into()),
        ("lastModifiedDate", date(meta.modified_ms).into()),
        ("lastModifiedBy", meta.modified_by.name.as_str().into()),
        ("lastModifiedByUserId", meta.modified_by.id.as_str().into()),
        ("state", state.into()),
    ])
}

impl ProductShape {
    /// The collection at `path` holding `entries`: filtered by the call's `filter.*`, then
    /// the page its `offset` and `limit` ask for, with `_links`.
    pub fn listing(
        &self,
        call: &sim::Call,
        world: &World,
        now: i64,
        path: &str,
        entries: Vec<(&str, &StoredObject)>,
    ) -> Result<Value, ErrorReply> {
        let offset = usize::try_from(call.int_param("offset", 0, 0, i64::from(u32::MAX))?).unwrap_or(0);
        let limit = usize::try_from(call.int_param("limit", 100, 1, 1000)?).unwrap_or(100);
        let filters: Vec<(String, String)> = filters(call);
        let matching: Vec<Value> = entries
            .into_iter()
            .map(|(p, e)| self.object(call, world, now, p, e))
            .filter(|item| filters.iter().all(|(key, wanted)| matches(item, key, wanted)))
            .collect();
        let more = matching.len() > offset.saturating_add(limit);
        let items: Vec<Value> = matching.into_iter().skip(offset).take(limit).collect();
        let mut links = Map::new();
        links.insert("self".into(), format!("/{path}?offset={offset}&limit={limit}").into());
        if more {
            links.insert("next".into(), format!("/{path}?offset={}&limit={limit}", offset + limit).into());
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        Ok(json!({
            "id": name, "type": "collection", "href": format!("/{path}"),
            "items": items, "offset": offset, "limit": limit, "_links": links,
        }))
    }
}

impl Shape for ProductShape {
    type View = sim::Call;

    fn view(&self, call: sim::Call) -> Result<sim::Call, ErrorReply> {
        Ok(call)
    }

    fn object(&self, _: &sim::Call, world: &World, now: i64, path: &str, entry: &StoredObject) -> Value {
        let mut shown = object([
            ("id", entry.id.as_str().into()),
            ("type", entry.kind.as_str().into()),
            ("href", format!("/{path}").into()),
            ("metadata", metadata(&entry.meta, self.state(world, now, path, entry))),
            ("properties", Value::Object(entry.properties.clone())),
        ]);
        if self.bare.contains(&entry.kind.as_str()) {
            if let Some(object) = shown.as_object_mut() {
                object.remove("metadata");
            }
        }
        if let Some(meta) = shown.get_mut("metadata").and_then(Value::as_object_mut) {
            if self.stateless.contains(&entry.kind.as_str()) {
                meta.remove("state");
            }
            let (product, location) = self.urn;
            let urn = format!("ionos:{product}:{location}:{CONTRACT_NUMBER}:{path}");
            meta.insert("resourceURN".into(), urn.into());
            meta.extend((self.metadata)(world, path, entry));
            if let (Some(key), Some(failure)) = (self.failure_key, &entry.meta.failure) {
                meta.insert(key.into(), failure.as_str().into());
            }
        }
        shown
    }

    fn collection(
        &self,
        call: &sim::Call,
        world: &World,
        now: i64,
        parent: &str,
        name: &str,
        _: bool,
    ) -> Result<Option<Value>, ErrorReply> {
        if !parent.is_empty() && world.store().get(parent).is_none() {
            return Ok(None);
        }
        let path = if parent.is_empty() { name.to_string() } else { format!("{parent}/{name}") };
        let entries = world.store().children(&path);
        self.listing(call, world, now, &path, entries).map(Some)
    }

    fn accepted(&self, call: &sim::Call, _: &RequestRecord, body: Option<Value>) -> Reply {
        let status = match (call.effect(), &body) {
            (_, None) => StatusCode::ACCEPTED,
            (Effect::Create, Some(made)) => {
                (self.created)(made.get("type").and_then(Value::as_str).unwrap_or_default())
            }
            _ => self.changed,
        };
        call.reply(status, body)
    }

    fn field_error(&self, error: &FieldError) -> ErrorReply {
        invalid(&error.api, &error.message)
    }

    /// Every change carries `{"properties": {...}}`.
    fn changes(&self, _: Method, body: &Value, _: &Resource) -> Result<Changes, ErrorReply> {
        Ok(Changes { described: properties_of(body)?.clone(), kept: Map::new() })
    }

    /// A delete removes its object when done; a change that fails leaves its object FAILED
    /// (with the reason in `metadata.message`), as the product APIs do, and a later change
    /// that succeeds heals it.
    fn ending(&self, effect: Effect) -> Ending {
        let on_done = if effect == Effect::Delete { OnDone::Remove } else { OnDone::Heal };
        Ending { on_done, on_failure: OnFailure::Mark }
    }
}

/// The `filter.<name>` query parameters of a list call.
fn filters(call: &sim::Call) -> Vec<(String, String)> {
    ["zoneName", "zoneId", "name", "state", "type", "recordIp", "commonName", "clusterId"]
        .iter()
        .filter_map(|key| Some((key.to_string(), call.query_param(&format!("filter.{key}"))?.to_string())))
        .collect()
}

/// Whether an object matches a filter: its property or metadata of that name contains the
/// value (ignoring case), as the product APIs match names; states and types match whole.
fn matches(item: &Value, key: &str, wanted: &str) -> bool {
    let found = ["properties", "metadata"].iter().find_map(|scope| item.pointer(&format!("/{scope}/{key}")));
    let text = match found {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => return false,
    };
    if matches!(key, "state" | "type") {
        text.eq_ignore_ascii_case(wanted)
    } else {
        text.to_ascii_lowercase().contains(&wanted.to_ascii_lowercase())
    }
}

/// 422 about a property, worded as the product APIs do.
pub fn invalid(name: &str, message: impl std::fmt::Display) -> ErrorReply {
    ErrorReply::validation(format!("[properties.{name}] {message}"))
}

/// The `properties` object of a body.
pub fn properties_of(body: &Value) -> Result<&Map<String, Value>, ErrorReply> {
    body.get("properties").and_then(Value::as_object).ok_or_else(|| ErrorReply::validation("[properties] is required"))
}

/// The checked properties of a create body.
pub fn check_create(resource: &Resource, body: &Value) -> Result<Normalized, ErrorReply> {
    resource.normalize(properties_of(body)?, Mode::Create).map_err(|e| invalid(&e.api, &e.message))
}

/// A product's emulation: where it is served, how its operations are answered, what its
/// changes take.
pub struct ProductEmulation {
    /// Its prefix on the emulator (`/dns`).
    pub prefixes: &'static [&'static str],
    /// How its operations are answered.
    pub answers: &'static Answers<ProductShape>,
    /// What a change typically takes.
    pub typical: fn(&Operation) -> Typical,
    /// What every state starts with.
    pub seed: fn(&mut World) -> Result<(), ErrorReply>,
    /// Its routes beside its operations.
    pub controls: fn() -> Router<Shared>,
    /// Whether an API token it made exists (the Auth API's), for the other APIs to refuse
    /// one deleted.
    pub tokens: Option<fn(&World, &str) -> bool>,
}

impl std::fmt::Debug for ProductEmulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProductEmulation").field("prefixes", &self.prefixes).finish()
    }
}

impl Emulation for ProductEmulation {
    fn prefixes(&self) -> &'static [&'static str] {
        self.prefixes
    }

    fn operations(&self) -> Vec<&'static Operation> {
        self.answers.catalog.operations().collect()
    }

    fn handler(&self, op: &'static Operation) -> Handler {
        self.answers.handler(op)
    }

    fn error_body(&self, error: &ErrorReply) -> Value {
        let status = error.status.as_u16();
        let code = match status {
            401 => codes::UNAUTHORIZED,
            404 => codes::NOT_FOUND,
            422 => codes::VALIDATION,
            _ => error.status.as_str(),
        };
        serde_json::to_value(ErrorBody::new(status, code, error.message.clone())).unwrap_or_default()
    }

    fn typical(&self, op: &Operation, _: &Value) -> Typical {
        (self.typical)(op)
    }

    fn seed(&self, world: &mut World) -> Result<(), ErrorReply> {
        (self.seed)(world)
    }

    fn controls(&self) -> Router<Shared> {
        (self.controls)()
    }

    fn token_exists(&self, world: &World, id: &str) -> bool {
        self.tokens.is_some_and(|exists| exists(world, id))
    }
}

/// Seeds nothing.
pub fn no_seed(_: &mut World) -> Result<(), ErrorReply> {
    Ok(())
}

/// No routes of its own.
pub fn no_controls() -> Router<Shared> {
    Router::new()
}
