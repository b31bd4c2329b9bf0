//! The APIs ionosh speaks, one folder each.

pub mod ionos;
