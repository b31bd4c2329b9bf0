//! What the registered functions share: a client per provider, the runtime that drives them,
//! the record of resources the run created, and the terminal progress display.

use std::collections::HashMap;
use std::future::Future;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;

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
    progress: bool,
    spinner: Arc<Mutex<Option<Spinner>>>,
}

/// The wait being shown on stderr: redrawn every [`Spinner::TICK`] by a task on the runtime,
/// so the spinner turns and the elapsed time runs between polls.
#[derive(Debug)]
struct Spinner {
    what: String,
    state: String,
    started: Instant,
}

impl Spinner {
    const TICK: Duration = Duration::from_millis(100);
    const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

    /// Draws the line in place of the previous one.
    fn draw(&self) {
        let elapsed = self.started.elapsed();
        let frame = Self::FRAMES[(elapsed.as_millis() / Self::TICK.as_millis()) as usize % Self::FRAMES.len()];
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{frame} waiting for {}: {} ({:.1}s, Ctrl-C stops)",
            self.what,
            self.state,
            elapsed.as_secs_f64()
        );
        let _ = err.flush();
    }
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
            runtime,
            created: Mutex::new(Vec::new()),
            sent: Mutex::new(Vec::new()),
            finished: Mutex::new(HashMap::new()),
            progress: std::io::stderr().is_terminal(),
            spinner: Arc::new(Mutex::new(None)),
        }
    }

    /// The client of `provider`, if this host talks to it.
    pub fn client(&self, provider: &Provider) -> Option<&Client> {
        self.connections.iter().find(|(p, _)| std::ptr::eq(*p, provider)).map(|(_, c)| c.as_ref())
    }

    /// Every provider this host talks to, with its client.
    pub fn connections(&self) -> impl Iterator<Item = (&'static Provider, &Arc<Client>)> {
        self.connections.iter().map(|(p, c)| (*p, c))
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
    pub fn record_created(&self, provider: &'static Provider, path: &str, body: &Value, request_id: Option<String>) {
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
        };
        self.created.lock().unwrap_or_else(PoisonError::into_inner).push(created);
    }

    /// Forgets resources the run deleted again (the deleted path and everything under it).
    pub fn record_deleted(&self, path: &str) {
        let below = format!("{}/", path.trim_end_matches('/'));
        self.created
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|c| c.path != path && !c.path.starts_with(&below));
    }

    /// Records a mutation `provider` accepted.
    pub fn record_sent(&self, provider: &'static Provider, method: &'static str, path: &str, request_id: &str) {
        let sent = Sent { provider, request_id: request_id.to_string(), method, path: path.to_string() };
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).push(sent);
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

    /// Shows a wait's progress on stderr when it is a terminal: a turning spinner, what is
    /// waited for (the request id), its current status and the time elapsed. Nothing
    /// otherwise, so piped output stays clean.
    pub fn show_progress(&self, what: &str, state: &str, elapsed: Duration) {
        if !self.progress {
            return;
        }
        let mut shown = self.spinner.lock().unwrap_or_else(PoisonError::into_inner);
        match shown.as_mut() {
            Some(spinner) => {
                spinner.what = what.to_string();
                spinner.state = state.to_string();
            }
            None => {
                let started = Instant::now().checked_sub(elapsed).unwrap_or_else(Instant::now);
                *shown = Some(Spinner { what: what.to_string(), state: state.to_string(), started });
                let spinner = Arc::clone(&self.spinner);
                self.runtime.spawn(async move {
                    loop {
                        tokio::time::sleep(Spinner::TICK).await;
                        // Stops when its wait ended, even if another has started since.
                        match spinner.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
                            Some(shown) if shown.started == started => shown.draw(),
                            _ => return,
                        }
                    }
                });
            }
        }
        if let Some(spinner) = shown.as_ref() {
            spinner.draw();
        }
    }

    /// Clears the progress line and stops its redrawing.
    pub fn end_progress(&self) {
        if self.progress {
            let mut shown = self.spinner.lock().unwrap_or_else(PoisonError::into_inner);
            if shown.take().is_some() {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            }
        }
    }
}
