//! Flow logs of NICs, NAT gateways and load balancers (`.../flowlogs`): the traffic of their
//! owner (`action`: ACCEPTED, REJECTED or ALL; `direction`: INGRESS, EGRESS or
//! BIDIRECTIONAL) written to an S3 `bucket`; they go with their owner.

use serde_json::Value;

use crate::provider::ionos::catalog::natgateways::FLOWLOG;
use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::shape::resource::{self, check_create, child_path, in_field_order};
use crate::sim::{ErrorReply, Mutation};

/// What flow logs have of their own.
pub static FLOWLOGS: Family = Family { build: Some(build), ..Family::of(&FLOWLOG) };

fn build(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&FLOWLOG, body, at)?.properties;
    let path = child_path(owner, "flowlogs", &resource::new_id());
    tx.create(&path, "flow-log", in_field_order(&FLOWLOG, properties));
    Ok(path)
}
