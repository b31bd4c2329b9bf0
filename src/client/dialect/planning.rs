//! What a dry run answers for a mutation it does not send: the object as the API would show
//! it, where it would live, and what the plan counts.

use serde_json::Value;

use crate::catalog::{Effect, Operation};

/// A mutation that a dry run answers itself instead of sending.
#[derive(Debug)]
pub struct Unsent<'a> {
    /// The operation it answers.
    pub op: &'static Operation,
    /// The path it would go to, relative to the API base.
    pub path: &'a str,
    /// The JSON object it would carry, if any.
    pub body: Option<&'a serde_json::Map<String, Value>>,
    /// An id made up for an object it would create.
    pub new_id: &'a str,
    /// A number unique in this dry run, for objects the API numbers (IONOS LANs).
    pub serial: u64,
    /// The API base URL, for hrefs.
    pub api_url: &'a str,
}

/// How a dialect answers an unsent mutation.
#[derive(Debug)]
pub struct Planned {
    /// The object the API would answer with.
    pub object: Value,
    /// The path of the object it creates, so later reads find it.
    pub created: Option<String>,
    /// The API's type of the object it concerns (`datacenter`).
    pub kind: String,
    /// What it does.
    pub effect: Effect,
    /// What the API hands out with a new object that a script goes on to use, made up (an
    /// enrollment token): added to the answer after the secrets sent are left out of it.
    pub handed_out: serde_json::Map<String, Value>,
    /// The types of the objects created with it, inside its body (a server's volumes, NICs
    /// and their firewall rules), one entry each: the plan counts them too.
    pub nested: Vec<String>,
}

/// How a provider's dry run answers.
pub trait Planning {
    /// What a dry run answers for a mutation it does not send: the object as the API would
    /// show it (with the id and type the API would give it), its path when the mutation
    /// creates it (so later reads find it), and what it does for the plan.
    fn unsent(&self, unsent: &Unsent<'_>) -> Planned;

    /// What a dry run answers for a collection read below an object it made up: empty.
    fn empty_collection(&self, path: &str) -> Value;
}
