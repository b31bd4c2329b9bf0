//! The emulator's API routes are the catalogs' operations and nothing else: every operation
//! of every provider (bound to a function or not) has a route at each of its path templates
//! under each prefix, every route answers for an operation, and a request to any of them is
//! routed (never the router's own 404 or 405).

use std::collections::BTreeSet;

use ionosh::provider::{self, emulations};
use ionosh::sim;
use reqwest::StatusCode;

use crate::http;

/// `(method, path template)` of every route the emulator serves.
fn served() -> BTreeSet<(String, String)> {
    sim::routes(&emulations(provider::ALL)).into_iter().map(|r| (r.method.as_str().to_string(), r.path)).collect()
}

#[test]
fn every_catalog_operation_has_a_route_and_every_route_an_operation() {
    let routes = sim::routes(&emulations(provider::ALL));
    for route in &routes {
        let catalog = provider::ALL.iter().find(|p| std::ptr::eq(p.emulation, route.emulation)).expect("a provider");
        assert!(
            catalog.catalog.operations().any(|op| std::ptr::eq(op, route.operation)),
            "{} {} answers {}, which is not in its catalog",
            route.method.as_str(),
            route.path,
            route.operation.name
        );
        assert_eq!(route.method, route.operation.method, "{}", route.path);
    }
    for p in provider::ALL {
        for op in p.catalog.operations() {
            for template in op.templates() {
                for prefix in p.emulation.prefixes() {
                    let path = if template == "/" { prefix.to_string() } else { format!("{prefix}{template}") };
                    assert!(
                        served().contains(&(op.method.as_str().to_string(), path.clone())),
                        "{} has no route {} {path}",
                        op.name,
                        op.method.as_str()
                    );
                }
            }
        }
    }
    let unique: BTreeSet<_> = routes.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(unique.len(), routes.len(), "two operations share a method and path");
}

#[tokio::test]
async fn a_request_to_each_route_is_routed_to_it_and_nothing_else_is() {
    let api = http::Api::start(10).await;
    let base = api.sim.base_url();
    let routes = served();
    for (method, template) in &routes {
        let path: String = template
            .split('/')
            .map(|segment| if segment.starts_with('{') { "x1" } else { segment })
            .collect::<Vec<_>>()
            .join("/");
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let body = if method == reqwest::Method::GET || method == reqwest::Method::DELETE { "" } else { "{}" };
        let answer = api.raw(method, &format!("{base}{path}"), body, Some("application/json")).await;
        assert_ne!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{path}: {}", answer.text);
    }
    api.raw(reqwest::Method::GET, &format!("{base}/cloudapi/v6/no-such-thing"), "", None).await;
    let log = api.get(&format!("{base}/_sim/stats/log")).await.body;
    let matched: Vec<(String, String)> = log["items"]
        .as_array()
        .expect("the request log")
        .iter()
        .map(|e| {
            (e["method"].as_str().unwrap_or_default().to_string(), e["template"].as_str().unwrap_or_default().into())
        })
        .collect();
    let (unrouted, routed): (Vec<_>, Vec<_>) = matched.iter().partition(|(_, t)| t == "(unmatched)");
    assert_eq!(unrouted.len(), 1, "only the path no operation has goes unrouted: {unrouted:?}");
    let hit: BTreeSet<(String, String)> = routed.into_iter().cloned().collect();
    assert_eq!(hit, routes, "each request matched its own route");
}
