//! What ionosh's client and its emulator tell each other beyond what the APIs say: headers
//! the real APIs ignore (a call's marker) or never send (the emulator's announced delays).
//! Both sides take them from here, so neither depends on the other.

/// The header carrying a mutation's marker: the same on every attempt of one call, unique to
/// it, so the API's request log (which records headers) can tell that call's request from
/// every other one.
pub const CALL_HEADER: &str = "X-Ionosh-Call";

/// The header in which ionosh's emulator announces its fixed provisioning delay (ms): a wait
/// then expects exactly that instead of what the real API typically takes.
pub const ANNOUNCED_DELAY_HEADER: &str = "x-ionosh-delay-ms";

/// The header in which ionosh's emulator announces the time scale of its realistic delays:
/// a wait scales what each kind typically takes by it.
pub const ANNOUNCED_SCALE_HEADER: &str = "x-ionosh-time-scale";
