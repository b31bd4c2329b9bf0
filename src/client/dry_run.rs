//! Dry-run (`ionosh run --dry-run`): reads go to the target, mutations do not. Each mutation
//! is printed on stderr as `DRY-RUN METHOD /path body` (secrets masked) and answered in its
//! place, so the script carries on: the provider's dialect shapes the object the API would
//! answer with (see [`Dialect::unsent`]) — its type, an id of the API's kind, without the
//! secrets it was sent — and a made-up ticket whose wait ends at once. Reads of an object made
//! up this way answer with it; reads below it answer with an empty collection. What the
//! mutations would do is kept for the plan printed at the end ([`DryRun::plan`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use serde_json::{json, Value};

use super::{Dialect, Payload, Response, Ticket, Unsent};
use crate::catalog::{Effect, Operation};
use crate::secrets;

/// What a dry run has made up so far.
#[derive(Debug)]
pub struct DryRun {
    /// Made-up objects by their path.
    objects: Mutex<HashMap<String, Value>>,
    /// Made-up ids: objects' and tickets'.
    ids: Mutex<HashSet<String>>,
    /// The next number for objects the API numbers; high, to stay clear of real ones.
    serial: AtomicU64,
    /// What each planned mutation does, in order: its effect and the type it concerns.
    planned: Mutex<Vec<(Effect, String)>>,
}

impl Default for DryRun {
    fn default() -> Self {
        DryRun {
            objects: Mutex::default(),
            ids: Mutex::default(),
            serial: AtomicU64::new(1001),
            planned: Mutex::default(),
        }
    }
}

impl DryRun {
    /// The answer to a mutation of `op` a dry run does not send.
    pub fn intercept(
        &self,
        dialect: &dyn Dialect,
        api_url: &str,
        op: &'static Operation,
        path: &str,
        body: Option<&Payload>,
    ) -> Response {
        let shown = match body {
            Some(Payload::Json(value)) => format!(" {}", secrets::mask_json(value)),
            Some(text @ (Payload::Form(_) | Payload::Text(_))) => format!(" {}", secrets::mask_text(&text.text())),
            None => String::new(),
        };
        eprintln!("DRY-RUN {} {path}{shown}", op.method.as_str());
        let ticket = Ticket { id: self.new_id(), url: None };
        let sent = match body {
            Some(Payload::Json(Value::Object(sent))) => Some(sent),
            _ => None,
        };
        let new_id = self.new_id();
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let unsent = Unsent { op, path, body: sent, new_id: &new_id, serial, api_url };
        let planned = dialect.unsent(&unsent);
        {
            let mut all = self.planned.lock().unwrap_or_else(PoisonError::into_inner);
            all.push((planned.effect, planned.kind.clone()));
            all.extend(planned.nested.iter().map(|kind| (Effect::Create, kind.clone())));
        }
        let body = if planned.effect == Effect::Delete {
            json!({})
        } else {
            // The API never answers with the passwords it was sent, but hands out its own.
            let mut object = secrets::without_secrets(&planned.object);
            if let Value::Object(map) = &mut object {
                map.extend(planned.handed_out);
            }
            if let Some(created) = planned.created {
                // A made-up object's id (a LAN's number too) marks paths below it as made up.
                if let Some(id) = object.get("id").and_then(Value::as_str) {
                    self.ids.lock().unwrap_or_else(PoisonError::into_inner).insert(id.to_string());
                }
                self.objects.lock().unwrap_or_else(PoisonError::into_inner).insert(created, object.clone());
            }
            object
        };
        Response { status: 202, body, ticket: Some(ticket) }
    }

    /// Whether a ticket id was made up by this dry run (its wait ends at once).
    pub fn is_synthetic(&self, id: &str) -> bool {
        self.ids.lock().unwrap_or_else(PoisonError::into_inner).contains(id)
    }

    /// Whether `path` is an object this dry run made up, or lies below one.
    pub fn made_up(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        if self.objects.lock().unwrap_or_else(PoisonError::into_inner).contains_key(path) {
            return true;
        }
        let ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        path.split('/').any(|segment| ids.contains(segment))
    }

    /// The answer to a read of a made-up object, or of something below one; `None` for a read
    /// of something real, which is sent.
    pub fn read(&self, dialect: &dyn Dialect, path: &str) -> Option<Response> {
        let path = path.trim_end_matches('/');
        if let Some(object) = self.objects.lock().unwrap_or_else(PoisonError::into_inner).get(path) {
            return Some(Response { status: 200, body: object.clone(), ticket: None });
        }
        if !self.made_up(path) {
            return None;
        }
        Some(Response { status: 200, body: dialect.empty_collection(path), ticket: None })
    }

    fn new_id(&self) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.ids.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone());
        id
    }

    /// Whether no mutation was planned.
    pub fn is_empty(&self) -> bool {
        self.planned.lock().unwrap_or_else(PoisonError::into_inner).is_empty()
    }

    /// What the planned mutations would do, by effect and type, as `terraform plan` sums it
    /// up: `Plan: create 1 datacenter, 2 lans; change 1 server; delete nothing.`
    pub fn plan(&self) -> String {
        let planned = self.planned.lock().unwrap_or_else(PoisonError::into_inner);
        let mut counts: BTreeMap<Effect, BTreeMap<&str, usize>> = BTreeMap::new();
        for (effect, kind) in planned.iter() {
            *counts.entry(*effect).or_default().entry(kind.as_str()).or_default() += 1;
        }
        let part = |effect: Effect, verb: &str| match counts.get(&effect) {
            Some(kinds) => {
                let listed: Vec<String> = kinds.iter().map(|(kind, n)| format!("{n} {}", plural(kind, *n))).collect();
                format!("{verb} {}", listed.join(", "))
            }
            None => format!("{verb} nothing"),
        };
        let mut parts =
            vec![part(Effect::Create, "create"), part(Effect::Change, "change"), part(Effect::Delete, "delete")];
        if counts.contains_key(&Effect::Action) {
            parts.push(part(Effect::Action, "act on"));
        }
        format!("Plan: {}.", parts.join("; "))
    }
}

/// A type's name for `n` objects: `1 server`, `2 servers`, `2 policies`, `2 volume
/// attachments`.
fn plural(kind: &str, n: usize) -> String {
    if n == 1 || kind.ends_with('s') {
        return kind.to_string();
    }
    match kind.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{kind}s"),
    }
}
