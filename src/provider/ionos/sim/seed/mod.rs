//! What every CloudAPI state starts with, as an account has it: the locations data centers can
//! be made in ([`location_table`]), the public images ([`public_images`]) and the Cube server
//! templates ([`cube_templates`]).

pub(super) mod cube_templates;
pub(super) mod location_table;
pub(super) mod public_images;
