//! The emulator itself, mostly over raw HTTP: what a client of the IONOS Cloud API sees on every
//! route (checked against the published specs), its state on disk and across processes and
//! crashes, its delay profiles, and the bad requests and attacks it withstands.

#[path = "../support/certificates.rs"]
mod certificates;
#[path = "../support/ionos.rs"]
mod ionos;
#[path = "../support/world.rs"]
mod world;

mod http;
mod openapi;
mod products_crawl;

mod account;
mod api_tokens;
mod composite;
mod compute;
mod crash;
mod cross_site;
mod faithful;
mod network;
mod polling;
mod protocol;
mod routes;
mod schema_crawl;
mod state;
mod surface;
mod sweep;
