//! Images: the public catalogue (see [`catalogue`](super::catalogue)) and nothing else, since
//! images are uploaded, never created through the API. They can be read; changing or
//! deleting a public image is refused with 403.

use serde_json::Value;

use super::call::Call;
use super::family::Family;
use crate::provider::ionos::IMAGE;
use crate::sim::{ApiError, Entry, Tx, World};

/// What images have of their own: public ones cannot be changed or deleted.
pub static IMAGES: Family = Family { adjust: Some(refuse_change), cascade: Some(refuse_delete), ..Family::of(&IMAGE) };

/// 403 for a public image.
fn refuse_public(image: &Entry) -> Result<(), ApiError> {
    if image.properties.get("public").and_then(Value::as_bool) == Some(true) {
        return Err(ApiError::forbidden(format!(
            "Image {} is a public image: it cannot be changed or deleted",
            image.id
        )));
    }
    Ok(())
}

fn refuse_change(_: &mut Tx, _: &str, old: &Entry, _: &mut serde_json::Map<String, Value>) -> Result<(), ApiError> {
    refuse_public(old)
}

fn refuse_delete(_: &Call, _: &World, _: i64, _: &str, image: &Entry) -> Result<Vec<String>, ApiError> {
    refuse_public(image).map(|()| Vec::new())
}
