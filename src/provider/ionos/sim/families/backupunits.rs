//! `/backupunits`: storage for volume backups, and `/backupunits/{id}/ssourl`. The name is
//! free text as the API takes it (the classic SDK's own example is `bkp_name`, though the spec
//! says alphanumeric), unique (422) and fixed once created; the password
//! is never stored, so no answer shows it, and the request log masks it as `***` (see
//! [`Call::new_request`]). PUT replaces the e-mail, PATCH changes what it names.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::shape::resource::{self, check_create, child_path, in_field_order, invalid};
use crate::provider::ionos::BACKUPUNIT;
use crate::sim::{ErrorReply, Mutation, Reply, Store, StoredObject};

/// What backup units have of their own.
pub static BACKUPUNITS: Family = Family { build: Some(build), adjust: Some(adjust), ..Family::of(&BACKUPUNIT) };

fn check_unique(store: Store, properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let name = properties.get("name").and_then(Value::as_str).unwrap_or_default();
    let taken = store
        .children("backupunits")
        .into_iter()
        .any(|(_, e)| e.properties.get("name").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(name)));
    if taken {
        return Err(invalid("", "name", format!("must be unique: a backup unit named '{name}' already exists")));
    }
    Ok(())
}

/// Checks a backup unit body (a unique name) and creates it, never keeping the password.
fn build(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&BACKUPUNIT, body, "")?.properties;
    check_unique(tx.store(), &properties)?;
    properties.remove("password");
    let path = child_path("", "backupunits", &resource::new_id());
    tx.create(&path, "backupunit", in_field_order(&BACKUPUNIT, properties));
    Ok(path)
}

/// A changed password is never kept.
fn adjust(_: &mut Mutation, _: &str, _: &StoredObject, properties: &mut Map<String, Value>) -> Result<(), ErrorReply> {
    properties.remove("password");
    Ok(())
}

/// `GET /backupunits/{backupunit_id}/ssourl`.
pub fn sso_url(request: &Request) -> Result<Reply, ErrorReply> {
    let unit = request.object();
    let found = request.sim.read(|world, _| world.store().get(&unit).map(|e| e.id.clone()))?;
    let id = found.ok_or_else(ErrorReply::not_found)?;
    let token = uuid::Uuid::new_v4().simple().to_string();
    Ok(request.call.ok(json!({"ssoUrl": format!("https://backup.emulator.invalid/login?unit={id}&jwt={token}")})))
}
