//! Security groups of a data center: firewall rules kept once (`.../securitygroups/{id}/rules`,
//! checked as a NIC's firewall rules are) and set on servers and NICs (`PUT
//! .../servers/{id}/securitygroups` and `.../nics/{id}/securitygroups` with `{"ids": [...]}`:
//! the list replaces what the object had, and is answered with the groups it now has). Each
//! group set is a link under its server or NIC, so the object at depth lists its groups. A
//! group of another data center, or none, is refused (422); a group still set on a server or
//! NIC is refused deletion (422); its rules go with it.

use serde_json::{Map, Value};

use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, child_path, datacenter_of, in_field_order, invalid, CloudApiShape,
};
use crate::provider::ionos::SECURITYGROUP;
use crate::sim::{ErrorReply, Mutation, Reply, Shape, StoredObject, World};

/// What security groups have of their own.
pub static SECURITYGROUPS: Family = Family { build: Some(build), cascade: Some(cascade), ..Family::of(&SECURITYGROUP) };

/// Checks a security group body and creates the group in the data center at `datacenter`.
fn build(tx: &mut Mutation, datacenter: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&SECURITYGROUP, body, at)?.properties;
    let path = child_path(datacenter, "securitygroups", &resource::new_id());
    tx.create(&path, SECURITYGROUP.api_type, in_field_order(&SECURITYGROUP, properties));
    Ok(path)
}

/// A group set on a server or NIC stays until it is taken off them.
fn cascade(
    _: &CloudApiCall,
    world: &World,
    _: i64,
    group: &str,
    entry: &StoredObject,
) -> Result<Vec<String>, ErrorReply> {
    let holders: Vec<String> = world
        .store()
        .links_to(group)
        .into_iter()
        .map(|(link, _)| paths::owner(link).rsplit('/').next().unwrap_or_default().to_string())
        .collect();
    if holders.is_empty() {
        return Ok(Vec::new());
    }
    Err(ErrorReply::validation(format!(
        "security group {} is still set on {} ({}): take it off them first",
        entry.id,
        if holders.len() == 1 { "a server or NIC" } else { "servers or NICs" },
        holders.join(", ")
    )))
}

/// `PUT .../servers/{id}/securitygroups` and `.../nics/{id}/securitygroups`: the groups the
/// server or NIC is to have, replacing those it had.
pub fn set(request: &Request) -> Result<Reply, ErrorReply> {
    let holder = request.object();
    let ids = listed_ids(&request.body.value)?;
    let call = request.call;
    resource::accept_answering(
        call,
        request.sim,
        &request.body.raw,
        |tx| {
            resource::existing(tx.world, &holder)?;
            let groups = format!("{holder}/securitygroups");
            let datacenter = datacenter_of(&holder);
            let targets = ids
                .iter()
                .enumerate()
                .map(|(index, id)| {
                    let group = child_path(&datacenter, "securitygroups", id);
                    match tx.store().get(&group) {
                        Some(_) => Ok(group),
                        None => Err(invalid(
                            "",
                            &format!("ids[{index}]"),
                            format!("must name a security group of this data center (got '{id}')"),
                        )),
                    }
                })
                .collect::<Result<Vec<String>, ErrorReply>>()?;
            let had: Vec<String> = tx.store().children(&groups).into_iter().map(|(path, _)| path.to_string()).collect();
            for link in had {
                tx.unlink(&link);
            }
            for group in &targets {
                let id = group.rsplit('/').next().unwrap_or_default();
                tx.link(&format!("{groups}/{id}"), group, Map::new())?;
            }
            tx.target(&holder)?;
            Ok(holder.clone())
        },
        |world, now, holder| {
            CloudApiShape.collection(call, world, now, &holder, "securitygroups", false).ok().flatten()
        },
    )
}

/// The ids a `{"ids": [...]}` body lists, in lower case as ids are stored, each once.
fn listed_ids(body: &Value) -> Result<Vec<String>, ErrorReply> {
    let items =
        body.get("ids").and_then(Value::as_array).ok_or_else(|| invalid("", "ids", "is required: a list of ids"))?;
    let mut ids: Vec<String> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let id = item
            .as_str()
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| invalid("", &format!("ids[{index}]"), format!("must be an id (got {item})")))?
            .to_ascii_lowercase();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}
