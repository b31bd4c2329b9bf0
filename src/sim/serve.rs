//! The emulator's HTTP server: axum's router served connection by connection with hyper, so
//! that a request's headers must arrive whole within a deadline. A client trickling a byte
//! every few seconds resets every idle timer but not that one, so it cannot hold connections
//! open for ever (its body has its own deadline, see `request_body`).

use std::future::Future;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt as _;

use super::listener::Patient;

/// How long the connections still open at shutdown get to finish their requests.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app` on the connections of `listener` until `shutdown` completes, then lets the
/// requests in progress finish (for at most [`SHUTDOWN_GRACE`]). A request's headers must
/// arrive whole within `deadline`.
pub async fn serve(mut listener: Patient, app: Router, deadline: Duration, shutdown: impl Future<Output = ()>) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(deadline);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let io = tokio::select! {
            (io, _) = axum::serve::Listener::accept(&mut listener) => io,
            () = &mut shutdown => break,
        };
        let service = app.clone().map_request(|request: hyper::Request<Incoming>| request.map(Body::new));
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), TowerToHyperService::new(service));
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            // A connection that breaks is the client's business: nothing to report.
            let _ = connection.await;
        });
    }
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}
