//! What the registered functions share: a client per provider, the runtime that drives them,
//! the record of resources the run created, and how waits show their progress.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::Value;

use super::file_access::FileAccess;
use super::progress::Display;
use crate::client::{Cancel, Client, ClientError, Progress, Ticket, WaitOptions};
use crate::provider::Provider;

/// A resource this run created, kept so a failed run can say what it left behind.
#[derive(Debug, Clone)]
pub struct Created {
    /// The provider it was created with.
    pub provider: &'static Provider,
    /// The API's type name, e.g. `datacenter`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// Its name, when it has one.
    pub name: String,
    /// The ticket of the request that creates it.
    pub request_id: Option<String>,
    /// Its path relative to the API base, to notice when the run deletes it again.
    pub path: String,
    /// The path of the object it lives in when that is not its path's parent (a NetFoundry
    /// endpoint's network): deleting that takes it along.
    pub within: Option<String>,
}

/// A mutation the API accepted, kept so an interrupted or failed run can say which of its
/// requests are still running.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The provider it was sent to.
    pub provider: &'static Provider,
    /// The ticket id the API gave it.
    pub request_id: String,
    /// HTTP method.
    pub method: &'static str,
    /// Path relative to the API base.
    pub path: String,
}

/// One provider and the client that talks to it.
pub type Connection = (&'static Provider, Arc<Client>);

/// Shared state of one engine.
#[derive(Debug)]
pub struct Host {
    connections: Vec<Connection>,
    cancel: Cancel,
    runtime: tokio::runtime::Handle,
    created: Mutex<Vec<Created>>,
    sent: Mutex<Vec<Sent>>,
    finished: Mutex<HashMap<String, Progress>>,
    display: Display,
    /// The code the script asked to exit with (`exit(n)`).
    exit_code: Mutex<Option<u8>>,
    /// The files scripts may read and write.
    files: FileAccess,
    /// Where in which source a wait's value is thrown away (see [`super::discarded`]).
    discarded: Mutex<HashSet<(String, rhai::Position)>>,
}

impl Host {
    /// A host calling each provider through its client on `runtime`; the clients share one
    /// interruption flag. The engine runs scripts on a thread that is not one of the
    /// runtime's, and blocks on each call.
    pub fn new(connections: Vec<Connection>, runtime: tokio::runtime::Handle) -> Self {
        let cancel = connections.first().map(|(_, c)| c.cancel().clone()).unwrap_or_default();
        Host {
            connections,
            cancel,
            display: Display::new(runtime.clone()),
            runtime,
            created: Mutex::new(Vec::new()),
            sent: Mutex::new(Vec::new()),
            finished: Mutex::new(HashMap::new()),
            exit_code: Mutex::new(None),
            files: FileAccess::under(&std::env::current_dir().ok().into_iter().collect::<Vec<_>>(), &[]),
            discarded: Mutex::new(HashSet::new()),
        }
    }

    /// Notes where the compiled `ast` (its source set) throws a wait's value away, so those
    /// waits do not read the object once more; `value_read` says whether its own value is.
    pub fn note_discarded(&self, ast: &rhai::AST, value_read: bool) {
        let source = ast.source().unwrap_or_default().to_string();
        let waits = super::discarded::discarded_waits(ast, value_read);
        let mut discarded = self.discarded.lock().unwrap_or_else(PoisonError::into_inner);
        discarded.extend(waits.into_iter().map(|at| (source.clone(), at)));
    }

    /// Whether the call at `at` of `source` (a script or module, as its AST names it) throws
    /// its value away.
    pub fn is_discarded(&self, source: Option<&str>, at: rhai::Position) -> bool {
        let key = (source.unwrap_or_default().to_string(), at);
        self.discarded.lock().unwrap_or_else(PoisonError::into_inner).contains(&key)
    }

    /// The same host with scripts reaching the files `files` allows (by default, those under
    /// the current directory).
    pub fn with_files(self, files: FileAccess) -> Self {
        Host { files, ..self }
    }

    /// The files scripts may read and write.
    pub fn files(&self) -> &FileAccess {
        &self.files
    }

    /// The client of `provider`, if this host talks to it.
    pub fn client(&self, provider: &Provider) -> Option<&Client> {
        self.connections.iter().find(|(p, _)| std::ptr::eq(*p, provider)).map(|(_, c)| c.as_ref())
    }

    /// Every provider this host talks to, with its client.
    pub fn connections(&self) -> impl Iterator<Item = (&'static Provider, &Arc<Client>)> {
        self.connections.iter().map(|(p, c)| (*p, c))
    }

    /// Whether this run only pretends to change anything (`--dry-run`): its clients send no
    /// mutation, and nothing else the script would change is changed either.
    pub fn is_dry_run(&self) -> bool {
        self.connections().any(|(_, client)| client.is_dry_run())
    }

    /// The connection whose provider recognises the ticket of an accepted mutation in `value`
    /// (a response a script hands back to a wait).
    pub fn ticket_in(&self, value: &Value) -> Option<(&'static Provider, &Arc<Client>, Ticket)> {
        self.connections().find_map(|(p, c)| p.dialect.ticket_in(value).map(|t| (p, c, t)))
    }

    /// The interruption flag.
    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// Runs a future to completion from the script thread.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Records a resource the run created with `provider` from the answer to the request
    /// sent to `path`: the object's own path comes from its `href` when that points at the
    /// provider's API, else it is taken to live in the collection that was posted to.
    pub fn record_created(
        &self,
        provider: &'static Provider,
        path: &str,
        body: &Value,
        request_id: Option<String>,
        within: Option<String>,
    ) {
        let Some(id) = body.get("id").and_then(Value::as_str) else { return };
        let api_url = self.client(provider).map(|c| c.api_url().trim_end_matches('/')).unwrap_or_default();
        let href = body.get("href").and_then(Value::as_str).unwrap_or_default();
        let path = match href.strip_prefix(api_url) {
            Some(own) if own.starts_with('/') && !api_url.is_empty() => own.to_string(),
            _ => format!("{}/{id}", path.trim_end_matches('/')),
        };
        let text = |found: Option<&str>| found.unwrap_or_default().to_string();
        let created = Created {
            provider,
            kind: text(provider.envelope.kind(body)),
            id: id.to_string(),
            name: text(provider.envelope.name(body)),
            request_id,
            path,
            within,
        };
        self.created.lock().unwrap_or_else(PoisonError::into_inner).push(created);
    }

    /// Forgets resources the run deleted again (the deleted path, everything under it, and
    /// everything living in it).
    pub fn record_deleted(&self, path: &str) {
        let below = format!("{}/", path.trim_end_matches('/'));
        self.created.lock().unwrap_or_else(PoisonError::into_inner).retain(|c| {
            let gone = |p: &str| p == path || p.starts_with(&below);
            !gone(&c.path) && !c.within.as_deref().is_some_and(gone)
        });
    }

    /// Records a mutation `provider` accepted.
    pub fn record_sent(&self, provider: &'static Provider, method: &'static str, path: &str, request_id: &str) {
        let sent = Sent { provider, request_id: request_id.to_string(), method, path: path.to_string() };
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).push(sent);
    }

    /// What the mutation behind `request_id` does, in the words of its method (`create`,
    /// `update`, `delete`), when this run sent it.
    pub fn verb_of(&self, request_id: &str) -> Option<&'static str> {
        let sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        sent.iter().rev().find(|s| s.request_id == request_id).map(|s| match s.method {
            "POST" => "create",
            "DELETE" => "delete",
            _ => "update",
        })
    }

    /// Waits for an accepted mutation through `client` and remembers how it ended, so a
    /// report of the run need not ask the API again.
    pub async fn wait(
        &self,
        client: &Client,
        ticket: &Ticket,
        options: WaitOptions,
        observe: &(dyn Fn(&str, Duration) + Sync),
    ) -> Result<(), ClientError> {
        let result = client.wait(ticket, options, observe).await;
        let outcome = match &result {
            Ok(()) => Some(Progress::Done),
            Err(ClientError::RequestFailed { message, .. }) => Some(Progress::Failed(message.clone())),
            Err(_) => None,
        };
        if let Some(outcome) = outcome {
            self.finished.lock().unwrap_or_else(PoisonError::into_inner).insert(ticket.id.clone(), outcome);
        }
        result
    }

    /// Waits for many accepted mutations through `client` at once (one status request per
    /// poll for all of them when the API allows) and remembers how they ended.
    pub async fn wait_many(
        &self,
        client: &Client,
        tickets: &[Ticket],
        options: WaitOptions,
        observe: &(dyn Fn(Option<usize>, &str) + Sync),
    ) -> Result<(), ClientError> {
        let seen = |index: Option<usize>, state: &str| {
            if let Some(ticket) = index.filter(|_| state == "DONE").and_then(|i| tickets.get(i)) {
                self.finished.lock().unwrap_or_else(PoisonError::into_inner).insert(ticket.id.clone(), Progress::Done);
            }
            observe(index, state);
        };
        let result = client.wait_many(tickets, options, &seen).await;
        if let Err(ClientError::RequestFailed { request_id, message }) = &result {
            self.finished
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(request_id.clone(), Progress::Failed(message.clone()));
        }
        result
    }

    /// How a request of this run ended, if a wait saw it end.
    pub fn outcome(&self, request_id: &str) -> Option<Progress> {
        self.finished.lock().unwrap_or_else(PoisonError::into_inner).get(request_id).cloned()
    }

    /// Every mutation the API accepted from this run, oldest first.
    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Resources this run created and did not delete, oldest first.
    pub fn created(&self) -> Vec<Created> {
        self.created.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Records the code the script asked to exit with.
    pub fn set_exit_code(&self, code: u8) {
        *self.exit_code.lock().unwrap_or_else(PoisonError::into_inner) = Some(code);
    }

    /// The code the script asked to exit with, taken (so the next REPL entry starts afresh).
    pub fn take_exit_code(&self) -> Option<u8> {
        self.exit_code.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// Shows a wait's progress on stderr ([`Display`]): what is waited for, its status and
    /// the time elapsed.
    pub fn show_progress(&self, what: &str, state: &str, elapsed: Duration) {
        self.display.show(what, state, elapsed);
    }

    /// Ends the progress shown for the wait that just ended.
    pub fn end_progress(&self) {
        self.display.end();
    }
}
