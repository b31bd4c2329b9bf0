//! Images: the public catalogue (see [`catalogue`](crate::provider::ionos::sim::seed::public_images)) and nothing else, since
//! images are uploaded, never created through the API. They can be read; changing or
//! deleting a public image is refused with 403.

use serde_json::Value;

use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::IMAGE;
use crate::sim::{ErrorReply, Mutation, StoredObject, World};

/// What images have of their own: public ones cannot be changed or deleted.
pub static IMAGES: Family = Family { adjust: Some(refuse_change), cascade: Some(refuse_delete), ..Family::of(&IMAGE) };

/// 403 for a public image.
fn refuse_public(image: &StoredObject) -> Result<(), ErrorReply> {
    if image.properties.get("public").and_then(Value::as_bool) == Some(true) {
        return Err(ErrorReply::forbidden(format!(
            "Image {} is a public image: it cannot be changed or deleted",
            image.id
        )));
    }
    Ok(())
}

fn refuse_change(
    _: &mut Mutation,
    _: &str,
    old: &StoredObject,
    _: &mut serde_json::Map<String, Value>,
) -> Result<(), ErrorReply> {
    refuse_public(old)
}

fn refuse_delete(
    _: &CloudApiCall,
    _: &World,
    _: i64,
    _: &str,
    image: &StoredObject,
) -> Result<Vec<String>, ErrorReply> {
    refuse_public(image).map(|()| Vec::new())
}
