//! What every NetFoundry state starts with: nothing stored (the account and its catalogue are
//! fixed, see [`account`](super::account)), but what an older emulator stored its own way,
//! brought over ([`legacy`]), and objects stored before their network was kept as their
//! scope given it.

mod legacy;

use crate::provider::netfoundry::sim::families::scope_of;
use crate::provider::netfoundry::sim::kinds::KINDS;
use crate::sim::{ErrorReply, World};

/// Brings over what an older emulator stored its own way, and scopes every object.
pub fn seed(world: &mut World) -> Result<(), ErrorReply> {
    legacy::bring_over(world)?;
    for kind in KINDS {
        let unscoped: Vec<(String, crate::sim::StoredObject)> = world
            .store()
            .unscoped(&kind.collection_path())
            .into_iter()
            .map(|(path, entry)| (path.to_string(), entry.clone()))
            .collect();
        for (path, mut entry) in unscoped {
            entry.scope = scope_of(kind, &entry.properties);
            if entry.scope.is_some() {
                world.insert(&path, entry)?;
            }
        }
    }
    Ok(())
}
