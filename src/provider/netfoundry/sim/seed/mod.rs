//! What every NetFoundry state starts with: nothing stored (the account and its catalogue are
//! fixed, see [`account`](super::account)), but what an older emulator stored its own way,
//! brought over ([`legacy`]).

mod legacy;

use crate::sim::{ErrorReply, World};

/// Brings over what an older emulator stored its own way.
pub fn seed(world: &mut World) -> Result<(), ErrorReply> {
    legacy::bring_over(world)
}
