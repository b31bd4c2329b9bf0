//! HTTP methods: the catalog describes operations with them, the client sends them and the
//! emulator routes by them.

/// HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method as it appears on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once. A
    /// non-idempotent request is never re-sent once the server may have received it.
    pub fn is_idempotent(&self) -> bool {
        !matches!(self, Method::Post)
    }
}
