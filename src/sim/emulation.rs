//! What a provider's emulator supplies to the shared core: where its API is served, the
//! operations its routes are built from, the handler answering each (usually from its
//! [`Answers`](super::Answers): hooks, families and a shape), how its errors look, what its
//! changes typically take, and what every state starts with.

use axum::Router;
use serde_json::Value;

use super::error::ErrorReply;
use super::handler::Handler;
use super::state::Shared;
use super::transaction::World;
use crate::catalog::{Operation, Typical};

/// A provider's emulator behaviour.
pub trait Emulation: Send + Sync + std::fmt::Debug {
    /// The path prefixes its API is served under (`/cloudapi/v6`, `/cloudapi/v5`); the same
    /// operations answer under each.
    fn prefixes(&self) -> &'static [&'static str];

    /// The operations it serves: each gets a route at each of its path templates (see
    /// [`Operation::templates`]) under every prefix, and no other API route exists.
    fn operations(&self) -> Vec<&'static Operation>;

    /// The handler answering `op` (asked once, when the routes are built); `call.prefix`
    /// tells it which prefix a call came in under.
    fn handler(&self, op: &'static Operation) -> Handler;

    /// The body of an error answer, in its API's shape.
    fn error_body(&self, error: &ErrorReply) -> Value;

    /// What a mutation of `op` with `body` typically takes on the real API: the realistic
    /// delay profile draws its durations around it.
    fn typical(&self, op: &Operation, body: &Value) -> Typical;

    /// Stores what every state starts with (the public catalogue); called at every start, so
    /// it must leave objects already there as they are.
    fn seed(&self, world: &mut World) -> Result<(), ErrorReply>;

    /// Its own controls under `/_sim/` (IONOS: image uploads, contract limits), and routes
    /// outside its operations (a token endpoint).
    fn controls(&self) -> Router<Shared>;

    /// Whether the API token `id` (one the emulator made, see
    /// [`API_TOKEN_ISSUER`](super::auth::API_TOKEN_ISSUER)) exists in its store: the API that
    /// makes tokens says so; the others know none.
    fn token_exists(&self, _world: &World, _id: &str) -> bool {
        false
    }

    /// Whether a path is in its API: by default, one under its prefixes.
    fn serves(&self, path: &str) -> bool {
        self.prefixes().iter().any(|p| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
    }

    /// Paths anyone may call without credentials, whatever the emulator's policy (a token
    /// endpoint, which checks the credentials it is given itself).
    fn public_paths(&self) -> &'static [&'static str] {
        &[]
    }
}

/// The emulations one emulator serves.
#[derive(Debug, Clone)]
pub struct Apis(pub Vec<&'static dyn Emulation>);

impl Apis {
    /// Every prefix an API is served under.
    pub fn prefixes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().flat_map(|e| e.prefixes().iter().copied())
    }

    /// The emulation whose API `path` is in; the first one for paths in none.
    pub fn for_path(&self, path: &str) -> Option<&'static dyn Emulation> {
        self.0.iter().find(|e| e.serves(path)).or(self.0.first()).copied()
    }
}
