//! The CloudAPI's own emulator controls under `/_sim/`: private images stand in for uploads
//! ([`image_uploads`]) and the contract's resource limits can be overridden
//! ([`contract_limits`]).

pub(super) mod contract_limits;
pub(super) mod image_uploads;
