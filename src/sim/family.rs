//! The routes every family living directly in a data center shares (servers, volumes, LANs,
//! load balancers): list and create the collection, get, replace and patch one object. A
//! family describes only what is its own — how an object is built from a body (also used
//! for nested creates) and how an update is checked against the rest of the world — and adds
//! its delete and its other routes.

use axum::extract::{Path, State};
use axum::routing::{get, MethodRouter};
use axum::Router;
use serde_json::{Map, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::jobs::OnDone;
use super::resource::{self, child_path, datacenter_path};
use super::state::Shared;
use super::store::Entry;
use super::tx::Tx;
use crate::catalog::Resource;

/// Builds an object of the family in the data center at the given path from a body found at
/// `at` (empty at the top level); returns the new object's path.
pub type Build = fn(&mut Tx, &str, &Value, &str) -> Result<String, ApiError>;

/// Checks (and may complete) the properties an update of the object at the given path leaves.
pub type Adjust = fn(&mut Tx, &str, &Entry, &mut Map<String, Value>) -> Result<(), ApiError>;

/// The store path of server `server` in data center `dc`.
pub fn server_path(dc: &str, server: &str) -> String {
    child_path(&datacenter_path(dc), "servers", server)
}

/// GET of a collection that hangs under a server (`volumes`, `cdroms`, `nics`), and of one
/// item in it; the families add their other methods to these.
pub fn server_child_reads(collection: &'static str) -> (MethodRouter<Shared>, MethodRouter<Shared>) {
    let list =
        get(move |call: Call, State(sim): State<Shared>, Path((dc, server)): Path<(String, String)>| async move {
            resource::list(&call, &sim, &server_path(&dc, &server), collection, true)
        });
    let one = get(
        move |call: Call, State(sim): State<Shared>, Path((dc, server, id)): Path<(String, String, String)>| async move {
            resource::one(&call, &sim, &child_path(&server_path(&dc, &server), collection, &id))
        },
    );
    (list, one)
}

/// What a data-center family has of its own.
#[derive(Debug)]
pub struct DatacenterChild {
    /// The collection's name in paths, e.g. `volumes`.
    pub collection: &'static str,
    /// The catalog description bodies are checked against.
    pub resource: &'static Resource,
    /// Builds an object from a create body.
    pub build: Build,
    /// Checks an update.
    pub adjust: Adjust,
}

impl DatacenterChild {
    /// The store path of the object `id` in data center `dc`.
    pub fn path(&self, dc: &str, id: &str) -> String {
        child_path(&datacenter_path(dc), self.collection, id)
    }

    /// The shared routes; `delete` answers DELETE on an object.
    pub fn routes(&'static self, delete: MethodRouter<Shared>) -> Router<Shared> {
        let list = move |call: Call, State(sim): State<Shared>, Path(dc): Path<String>| async move {
            resource::list(&call, &sim, &datacenter_path(&dc), self.collection, true)
        };
        let create = move |call: Call, State(sim): State<Shared>, Path(dc): Path<String>, body: Body| async move {
            let datacenter = datacenter_path(&dc);
            resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx| {
                resource::existing(tx.world, &datacenter)?;
                (self.build)(tx, &datacenter, &body.value, "").map(Some)
            })
        };
        let one = move |call: Call, State(sim): State<Shared>, Path((dc, id)): Path<(String, String)>| async move {
            resource::one(&call, &sim, &self.path(&dc, &id))
        };
        let replace = move |call: Call,
                            State(sim): State<Shared>,
                            Path((dc, id)): Path<(String, String)>,
                            body: Body| async move {
            let given = resource::properties_of(&body.value, "")?;
            self.update(&call, &sim, &body, &self.path(&dc, &id), given, true)
        };
        let patch = move |call: Call, State(sim): State<Shared>, Path((dc, id)): Path<(String, String)>, body: Body| async move {
            let given = resource::patch_of(&body.value, self.resource)?;
            self.update(&call, &sim, &body, &self.path(&dc, &id), given, false)
        };
        let collection = format!("/datacenters/{{dc}}/{}", self.collection);
        Router::new()
            .route(&collection, get(list).post(create))
            .route(&format!("{collection}/{{id}}"), get(one).put(replace).patch(patch).merge(delete))
    }

    fn update(
        &self,
        call: &Call,
        sim: &Shared,
        body: &Body,
        path: &str,
        given: &Map<String, Value>,
        replace: bool,
    ) -> Result<Reply, ApiError> {
        let adjust = self.adjust;
        resource::update(call, sim, &body.raw, self.resource, path, given, replace, |tx, old, p| {
            adjust(tx, path, old, p)
        })
    }
}
