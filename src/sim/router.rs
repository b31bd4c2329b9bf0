//! The HTTP application: every emulation's operations become routes (each at its path
//! templates under each of its prefixes, nothing typed twice), next to the `/_sim/`
//! controls; the [`layers`](super::layers) wrap them all, and a path no route matches gets
//! the API's 404 after its body is read.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::routing::{MethodFilter, MethodRouter};
use axum::Router;

use super::call::Call;
use super::emulation::{Apis, Emulation};
use super::error::ErrorReply;
use super::handler::Handler;
use super::layers;
use super::request_body::RequestBody;
use super::state::Shared;
use super::{control, Route};
use crate::catalog::{Method, Operation};

/// Every API route of the emulations: what the router is built from.
pub fn routes(emulations: &[&'static dyn Emulation]) -> Vec<Route> {
    let mut routes = Vec::new();
    for &emulation in emulations {
        for operation in emulation.operations() {
            for (template, flags) in operation.variants() {
                for &prefix in emulation.prefixes() {
                    let path = if template == "/" { prefix.to_string() } else { format!("{prefix}{template}") };
                    let flags = flags.clone();
                    routes.push(Route { method: operation.method, path, prefix, flags, operation, emulation });
                }
            }
        }
    }
    routes
}

/// The emulator's whole HTTP application.
pub fn router(sim: Shared, apis: Arc<Apis>) -> Router {
    let mut paths: BTreeMap<String, MethodRouter<Shared>> = BTreeMap::new();
    let mut handlers: Vec<(&'static Operation, Arc<Handler>)> = Vec::new();
    for route in routes(&apis.0) {
        let Route { method, path, prefix, flags, operation, emulation } = route;
        // One handler per operation, however many paths it is served at.
        let answer = match handlers.iter().find(|(op, _)| std::ptr::eq(*op, operation)) {
            Some((_, answer)) => answer.clone(),
            None => {
                let answer = Arc::new(emulation.handler(operation));
                handlers.push((operation, answer.clone()));
                answer
            }
        };
        // The store is reached through blocking database calls (a write may wait for another
        // process's): answers are worked out on tokio's blocking pool, never on the threads
        // serving connections.
        let handler = move |call: Call, State(sim): State<Shared>, body: RequestBody| async move {
            let typical = (method != Method::Get).then(|| emulation.typical(operation, &body.value));
            let call = call.within(prefix).answering(operation, flags, typical);
            tokio::task::spawn_blocking(move || answer(call, body, &sim))
                .await
                .unwrap_or_else(|e| Err(ErrorReply::internal(format!("the emulator failed answering: {e}"))))
        };
        let methods = paths.remove(&path).unwrap_or_default();
        paths.insert(path, methods.on(filter(method), handler));
    }
    let api = paths.into_iter().fold(Router::new(), |router, (path, methods)| router.route(&path, methods));
    let controls = apis.0.iter().fold(control::routes(), |router, e| router.merge(e.controls()));
    let context = (sim.clone(), apis);
    let app = api
        .merge(controls)
        .fallback(|request: Request| async move {
            // Read what was sent before answering, so a client still sending gets the answer.
            let deadline = request.extensions().get::<super::request_body::Deadline>().copied();
            let _ = super::request_body::read(request.into_body(), deadline).await;
            ErrorReply::not_found()
        })
        .layer(axum::middleware::from_fn_with_state(sim.clone(), layers::inject))
        .layer(axum::middleware::from_fn_with_state(context.clone(), layers::authenticate))
        .layer(axum::middleware::from_fn_with_state(sim.clone(), layers::refuse_cross_site))
        .layer(axum::middleware::from_fn(layers::limit_head))
        .layer(axum::middleware::from_fn_with_state(context, layers::finish))
        .layer(axum::middleware::from_fn_with_state(sim.clone(), layers::count))
        .with_state(sim);
    Router::new().fallback_service(app).layer(axum::middleware::map_request(layers::without_trailing_slash))
}

fn filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
        Method::Patch => MethodFilter::PATCH,
        Method::Delete => MethodFilter::DELETE,
    }
}
