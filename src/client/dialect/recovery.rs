//! Exactly-once writes: a POST whose answer was lost (a 5xx, or a connection broken after
//! sending) is looked up in the API's own records before it is sent again.

use futures_util::future::BoxFuture;
use time::OffsetDateTime;

use crate::client::{Client, ClientError, Payload, Response};

/// A POST whose answer was lost, as the client sent it.
#[derive(Debug)]
pub struct Lost<'a> {
    /// The path it went to, relative to the API base.
    pub path: &'a str,
    /// Its body.
    pub body: Option<&'a Payload>,
    /// The marker it carried on every attempt (the [`CALL_HEADER`](crate::protocol::CALL_HEADER)).
    pub marker: &'a str,
    /// When it was first sent, by the server's clock as far as the client knows it.
    pub first_sent: OffsetDateTime,
    /// The user the client authenticates as, when its credentials name one.
    pub user: Option<&'a str>,
}

/// How a provider finds a lost write again.
pub trait Recovery {
    /// Looks a POST whose answer was lost up in the API's own records. `None` means the API
    /// keeps no such records: the POST is then never sent again. The lookup answers `Ok(None)`
    /// when the POST provably was not accepted (safe to send again), the accepted request
    /// when it finds exactly that one, and an error when it cannot tell (never a guess:
    /// another run's object is never taken for ours).
    fn recover<'a>(
        &'a self,
        client: &'a Client,
        lost: Lost<'a>,
    ) -> Option<BoxFuture<'a, Result<Option<Response>, ClientError>>>;
}
