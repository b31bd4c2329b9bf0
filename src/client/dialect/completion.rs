//! What a request needs beyond what the catalog says, as the provider's official client sends
//! it (a NetFoundry network's group, provider, region and size; a service's `modelType` with
//! its `model`), and who the credentials are.

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};

use crate::catalog::Operation;
use crate::client::{Client, ClientError};

/// How a provider completes requests.
pub trait Completion {
    /// Fills in what the API needs in the body of `op` that the user may leave out, as the
    /// provider's official client does, reading the API if it must; `None` when there is
    /// nothing to fill in.
    fn complete<'a>(
        &'a self,
        _client: &'a Client,
        _op: &'static Operation,
        _body: &'a mut Map<String, Value>,
    ) -> Option<BoxFuture<'a, Result<(), ClientError>>> {
        None
    }

    /// Adds to a PATCH's changes what must travel with them, from the object as it is.
    fn patch_with(&self, _changes: &mut Map<String, Value>, _current: &Value) {}
}

/// Who a provider's credentials are.
pub trait Identity {
    /// Checks the credentials with the cheapest calls the API offers, and says who they are
    /// (account, contract, API version) as `label: text` pairs; an error when the API
    /// refuses them.
    fn identify<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Vec<(String, String)>, ClientError>>;
}
