//! Dry-run (`ionosh run --dry-run`): reads go to the target, mutations do not. Each mutation
//! is printed on stderr as `DRY-RUN METHOD /path body` (secrets masked) and answered in its
//! place, so the script carries on: the provider's dialect shapes the object the API would
//! answer with (see [`Dialect::unsent`]), without the secrets it was sent, with a made-up id and a made-up ticket whose wait
//! ends at once. Reads of an object made up this way answer with it; reads below it answer
//! with an empty collection.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use serde_json::{json, Value};

use super::{Body, Dialect, Method, Response, Ticket, Unsent};
use crate::secrets;

/// What a dry run has made up so far.
#[derive(Debug, Default)]
pub struct DryRun {
    /// Made-up objects by their path.
    objects: Mutex<HashMap<String, Value>>,
    /// Made-up ids: objects' and tickets'.
    ids: Mutex<HashSet<String>>,
}

impl DryRun {
    /// The answer to a call made during a dry run, or `None` when it is to be sent: a read of
    /// something real.
    pub fn intercept(
        &self,
        dialect: &dyn Dialect,
        api_url: &str,
        method: Method,
        path: &str,
        body: Option<&Body>,
    ) -> Option<Response> {
        if method == Method::Get {
            return self.read(dialect, path);
        }
        let shown = match body {
            Some(Body::Json(value)) => format!(" {}", secrets::mask_json(value)),
            Some(form @ Body::Form(_)) => format!(" {}", secrets::mask_text(&form.text())),
            None => String::new(),
        };
        eprintln!("DRY-RUN {} {path}{shown}", method.as_str());
        let ticket = Ticket { id: self.new_id(), url: None };
        let sent = match body {
            Some(Body::Json(Value::Object(sent))) => Some(sent),
            _ => None,
        };
        let body = match (method, sent) {
            (Method::Delete, _) | (_, None) => json!({}),
            (_, Some(sent)) => {
                let new_id = self.new_id();
                let unsent = Unsent { method, path, body: sent, new_id: &new_id, api_url };
                let (object, created) = dialect.unsent(&unsent);
                // The API never answers with the passwords it was sent.
                let object = secrets::without_secrets(&object);
                if let Some(created) = created {
                    self.objects.lock().unwrap_or_else(PoisonError::into_inner).insert(created, object.clone());
                }
                object
            }
        };
        Some(Response { status: 202, body, ticket: Some(ticket) })
    }

    /// Whether a ticket id was made up by this dry run (its wait ends at once).
    pub fn is_synthetic(&self, id: &str) -> bool {
        self.ids.lock().unwrap_or_else(PoisonError::into_inner).contains(id)
    }

    /// A read of a made-up object, or of something below one.
    fn read(&self, dialect: &dyn Dialect, path: &str) -> Option<Response> {
        let path = path.trim_end_matches('/');
        if let Some(object) = self.objects.lock().unwrap_or_else(PoisonError::into_inner).get(path) {
            return Some(Response { status: 200, body: object.clone(), ticket: None });
        }
        let ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        if !path.split('/').any(|segment| ids.contains(segment)) {
            return None;
        }
        Some(Response { status: 200, body: dialect.empty_collection(path), ticket: None })
    }

    fn new_id(&self) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.ids.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone());
        id
    }
}
