//! Turning stored objects into the API's JSON: objects with metadata, computed properties
//! (see [`derived`](crate::provider::ionos::sim::shape::derived)) and, from depth 1, their entity collections (from the
//! resource description's entity fields); collections whose items are references at depth 0
//! and full objects deeper, links shown as the objects they stand for; v6 paging fields.
//! Every href is absolute and uses the prefix (`v5`/`v6`) the client called.

use serde_json::{json, Map, Value};

use crate::catalog::Effect;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::derived;
use crate::provider::ionos::sim::shape::envelopes;
use crate::provider::ionos::wire::timestamp;
use crate::provider::ionos::CATALOG;
use crate::sim::{ErrorReply, Meta, StoredObject, World};

/// Renders objects for one call, at one moment.
pub struct Render<'a> {
    /// The call being answered (prefix, depth).
    pub call: &'a CloudApiCall,
    /// The stored objects and requests.
    pub world: &'a World<'a>,
    /// The current time, ms since the epoch.
    pub now: i64,
}

/// Formats milliseconds since the epoch as the API's date.
pub fn date(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    timestamp(t)
}

/// A JSON object of these keys and values, in this order; the values are moved in (the
/// `json!` macro would serialize them again).
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
}

/// `{id, type, href}`: how an object appears where only a reference is wanted.
pub fn reference(call: &CloudApiCall, path: &str, kind: &str, id: &str) -> Value {
    object([("id", id.into()), ("type", kind.into()), ("href", call.href(path).into())])
}

/// `{id, type: "collection", href, items}`.
pub fn collection(call: &CloudApiCall, path: &str, id: &str, items: Vec<Value>) -> Value {
    object([
        ("id", id.into()),
        ("type", "collection".into()),
        ("href", call.href(path).into()),
        ("items", Value::Array(items)),
    ])
}

/// An object's `metadata` with its `state` (labels drop it: theirs has none).
pub fn metadata(meta: &Meta, state: &str) -> Value {
    object([
        ("etag", meta.etag.as_str().into()),
        ("createdDate", date(meta.created_ms).into()),
        ("createdBy", meta.created_by.name.as_str().into()),
        ("createdByUserId", meta.created_by.id.as_str().into()),
        ("lastModifiedDate", date(meta.modified_ms).into()),
        ("lastModifiedBy", meta.modified_by.name.as_str().into()),
        ("lastModifiedByUserId", meta.modified_by.id.as_str().into()),
        ("state", state.into()),
    ])
}

/// The `offset`/`limit` window of a paginated list.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Index of the first item.
    pub offset: usize,
    /// Most items returned.
    pub limit: usize,
}

impl Page {
    /// Reads `offset` and `limit` from the call (limit defaults to 1000, at most 10000).
    pub fn from_call(call: &CloudApiCall) -> Result<Page, ErrorReply> {
        let offset = call.int_param("offset", 0, 0, i64::from(u32::MAX))?;
        let limit = call.int_param("limit", 1000, 1, 10000)?;
        Ok(Page { offset: usize::try_from(offset).unwrap_or(0), limit: usize::try_from(limit).unwrap_or(1000) })
    }

    /// The items inside the window.
    pub fn window<T>(&self, items: Vec<T>) -> Vec<T> {
        items.into_iter().skip(self.offset).take(self.limit).collect()
    }

    /// Adds `offset`, `limit` and `_links` to a v6 collection; `more` says whether items
    /// follow the page.
    pub fn annotate(&self, call: &CloudApiCall, collection: &mut Value, more: bool) {
        if !call.v6 {
            return;
        }
        let Some(object) = collection.as_object_mut() else {
            return;
        };
        let href = object.get("href").and_then(Value::as_str).unwrap_or_default().to_string();
        let link = |offset: usize| Value::String(format!("{href}?offset={offset}&limit={}", self.limit));
        let mut links = Map::new();
        if self.offset > 0 {
            links.insert("prev".into(), link(self.offset.saturating_sub(self.limit)));
        }
        links.insert("self".into(), link(self.offset));
        if more {
            links.insert("next".into(), link(self.offset + self.limit));
        }
        object.insert("offset".into(), json!(self.offset));
        object.insert("limit".into(), json!(self.limit));
        object.insert("_links".into(), Value::Object(links));
    }
}

/// The servers or NICs (`collection`) a security group at `group` is set on: those whose
/// `securitygroups` hold a link to it, as its `entities.servers` and `entities.nics` list them.
fn holders<'w>(store: crate::sim::Store<'w>, group: &str, collection: &str) -> Vec<(&'w str, &'w StoredObject)> {
    store
        .links_to(group)
        .into_iter()
        .filter_map(|(link, _)| {
            let holder = link.rsplitn(3, '/').nth(2)?;
            let kind = holder.rsplit('/').nth(1)?;
            (kind == collection).then(|| store.resolve(holder)).flatten()
        })
        .collect()
}

impl Render<'_> {
    /// A stored object at `depth`: properties always, `entities` from depth 1.
    pub fn object(&self, path: &str, entry: &StoredObject, depth: u8) -> Value {
        let state = self.state(path, &entry.kind);
        let mut properties = entry.properties.clone();
        derived::apply(self.world.store(), path, entry, &mut properties);
        let mut object = object([
            ("id", entry.id.as_str().into()),
            ("type", entry.kind.as_str().into()),
            ("href", self.call.href(path).into()),
            ("metadata", metadata(&entry.meta, state)),
            ("properties", Value::Object(properties)),
        ]);
        envelopes::fit(envelopes::kind_at(path, &entry.kind), self.call.v6, &mut object);
        if depth == 0 {
            return object;
        }
        let nested = CATALOG.resources().find(|r| r.api_type == entry.kind).into_iter().flat_map(|r| r.fields.iter());
        let shape = envelopes::kind_at(path, &entry.kind);
        let mut names: Vec<&str> = nested
            .filter(|f| f.ty.is_entity() && envelopes::has_entity(shape, self.call.v6, f.api))
            .map(|f| f.api)
            .collect();
        names.dedup();
        let paths: Vec<String> = names.iter().map(|name| format!("{path}/{name}")).collect();
        let mut listed = self.world.store().children_of(&paths);
        let mut entities = Map::new();
        for (name, child_path) in names.iter().zip(&paths) {
            let mut items = listed.remove(child_path.as_str()).unwrap_or_default();
            if entry.kind == "security-group" && matches!(*name, "servers" | "nics") {
                items = holders(self.world.store(), path, name);
            }
            let child_id = format!("{}/{name}", entry.id);
            entities.insert(name.to_string(), self.listed_collection(child_path, &child_id, depth - 1, items, None));
        }
        if !entities.is_empty() {
            object["entities"] = Value::Object(entities);
        }
        object
    }

    /// `metadata.state`: BUSY while a request on the object (or on one it lives in) is
    /// pending, AVAILABLE otherwise. Kubernetes objects instead follow the lifecycle of their
    /// own pending request: a cluster or node pool is DEPLOYING while its create runs,
    /// UPDATING during a PUT, DESTROYING during a delete, ACTIVE otherwise; a node is
    /// PROVISIONING while the request that made it runs, REBUILDING while replaced,
    /// TERMINATING while deleted, READY otherwise.
    fn state(&self, path: &str, kind: &str) -> &'static str {
        if !matches!(kind, "k8s" | "nodepool" | "node") {
            return if self.world.jobs().busy(path, self.now) { "BUSY" } else { "AVAILABLE" };
        }
        let pending = self.world.jobs().pending(path, self.now).map(|r| r.effect);
        match kind {
            "k8s" | "nodepool" => match pending {
                None => "ACTIVE",
                Some(Effect::Create) => "DEPLOYING",
                Some(Effect::Delete) => "DESTROYING",
                Some(_) => "UPDATING",
            },
            _ => match pending {
                None => "READY",
                Some(Effect::Action) => "REBUILDING",
                Some(Effect::Delete) => "TERMINATING",
                Some(_) => "PROVISIONING",
            },
        }
    }

    /// The stored collection at `path`: item references at depth 0, full items (one level
    /// shallower) deeper; only the page asked for when `page` is given.
    pub fn stored_collection(&self, path: &str, id: &str, depth: u8, page: Option<Page>) -> Value {
        let store = self.world.store();
        let (listed, more) = match page {
            Some(page) => store.page(path, page.offset, page.limit),
            None => (store.children(path), false),
        };
        self.listed_collection(path, id, depth, listed, page.map(|page| (page, more)))
    }

    /// The collection at `path` holding `listed` (with the page they are and whether more
    /// follow, when paged).
    fn listed_collection<'w>(
        &self,
        path: &str,
        id: &str,
        depth: u8,
        listed: Vec<(&'w str, &'w StoredObject)>,
        page: Option<(Page, bool)>,
    ) -> Value {
        let store = self.world.store();
        let shown: Vec<(&str, &StoredObject)> = listed.into_iter().filter_map(|(p, _)| store.resolve(p)).collect();
        let items = shown
            .into_iter()
            .map(
                |(p, e)| {
                    if depth >= 1 {
                        self.object(p, e, depth - 1)
                    } else {
                        reference(self.call, p, &e.kind, &e.id)
                    }
                },
            )
            .collect();
        let mut value = collection(self.call, path, id, items);
        if let Some((page, more)) = page {
            page.annotate(self.call, &mut value, more);
        }
        value
    }
}
