//! `POST /_sim/images`: stands in for uploading an image by FTP, the only way private images
//! come to exist on the real API. The body names the image (`name`, `location`, and optionally
//! `size`, `licenceType`, `imageType`, `description`); the answer is the new private image,
//! which the API functions can then read, change and delete.

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::provider::ionos::catalog::values::LICENCE_TYPES;
use crate::provider::ionos::sim::seed::location_table;
use crate::provider::ionos::sim::shape::call::{CloudApiCall, V6};
use crate::provider::ionos::sim::shape::render::Render;
use crate::sim::{self, ErrorReply, Meta, Reply, RequestBody, Shared, StoredObject};

/// The upload route (mounted at the root, outside the API prefixes).
pub fn routes() -> Router<Shared> {
    Router::new().route("/_sim/images", post(upload))
}

async fn upload(call: sim::Call, State(sim): State<Shared>, body: RequestBody) -> Result<Reply, ErrorReply> {
    let call = CloudApiCall::new(call.within(V6))?;
    let properties = properties(&body.value)?;
    let id = uuid::Uuid::new_v4().to_string();
    let path = format!("images/{id}");
    let rendered = sim.write(|world, now| {
        world.insert(&path, StoredObject::new("image", &id, Meta::new(&call.author, now), properties))?;
        let entry = world.store().get(&path).ok_or_else(ErrorReply::not_found)?;
        Ok(Render { call: &call, world, now }.object(&path, entry, 1))
    })?;
    Ok(call.ok(rendered))
}

/// The largest image the upload takes, in GB.
const LARGEST_GB: f64 = 65_536.0;

/// The longest name or description, in characters.
const LONGEST_TEXT: usize = 255;

/// The properties of an uploaded image, checked.
fn properties(body: &Value) -> Result<Map<String, Value>, ErrorReply> {
    if !body.is_object() {
        return Err(ErrorReply::validation("The body must be a JSON object with at least 'name' and 'location'"));
    }
    for key in ["name", "location", "licenceType", "imageType", "description"] {
        match body.get(key) {
            None | Some(Value::String(_)) => {}
            Some(_) => return Err(ErrorReply::validation(format!("Attribute '{key}' must be a string"))),
        }
    }
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    let name =
        text("name").filter(|n| !n.is_empty()).ok_or_else(|| ErrorReply::validation("Attribute 'name' is required"))?;
    for (key, value) in [("name", name), ("description", text("description").unwrap_or_default())] {
        if value.chars().count() > LONGEST_TEXT || value.chars().any(char::is_control) {
            return Err(ErrorReply::validation(format!(
                "Attribute '{key}' must be at most {LONGEST_TEXT} characters, without control characters"
            )));
        }
    }
    let location = text("location").unwrap_or_default();
    if location_table::find(location).is_none() {
        return Err(ErrorReply::validation(format!(
            "Attribute 'location' must be one of {} (got '{location}')",
            location_table::ids()
        )));
    }
    let licence = text("licenceType").unwrap_or("LINUX");
    if !LICENCE_TYPES.contains(&licence) {
        return Err(ErrorReply::validation(format!(
            "Attribute 'licenceType' must be one of {}",
            LICENCE_TYPES.join(", ")
        )));
    }
    let image_type = text("imageType").unwrap_or("HDD");
    if !["HDD", "CDROM"].contains(&image_type) {
        return Err(ErrorReply::validation("Attribute 'imageType' must be HDD or CDROM"));
    }
    let size = match body.get("size") {
        None => 10.0,
        Some(Value::Number(n)) if n.as_f64().is_some_and(|gb| gb > 0.0 && gb <= LARGEST_GB) => {
            n.as_f64().unwrap_or(10.0)
        }
        Some(other) => {
            return Err(ErrorReply::validation(format!(
                "Attribute 'size' must be a number of GB above 0 and at most {LARGEST_GB} (got {other})"
            )))
        }
    };
    let value = json!({
        "name": name,
        "description": text("description").unwrap_or_default(),
        "location": location,
        "size": size,
        "cpuHotPlug": false,
        "ramHotPlug": false,
        "nicHotPlug": false,
        "nicHotUnplug": false,
        "discVirtioHotPlug": false,
        "discVirtioHotUnplug": false,
        "licenceType": licence,
        "imageType": image_type,
        "public": false,
        "imageAliases": [],
        "cloudInit": "NONE",
    });
    Ok(value.as_object().cloned().unwrap_or_default())
}
