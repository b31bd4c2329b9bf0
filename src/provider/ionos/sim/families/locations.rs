//! `/locations`, `/locations/{region_id}` and `/locations/{region_id}/{location_id}`: the
//! seeded locations as the API shows them, with the image aliases each offers.

use serde_json::{json, Value};

use crate::provider::ionos::sim::families::family::Request;
use crate::provider::ionos::sim::seed::location_table::{find, Location, LOCATIONS};
use crate::provider::ionos::sim::seed::public_images;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::envelopes;
use crate::provider::ionos::sim::shape::render::{collection, reference};
use crate::sim::{ErrorReply, Reply};

fn render(location: &Location, call: &CloudApiCall) -> Value {
    let path = format!("locations/{}", location.id);
    let mut object = json!({
        "id": location.id,
        "type": "location",
        "href": call.href(&path),
        "properties": {
            "name": location.name,
            "features": location.features(),
            "imageAliases": public_images::aliases(),
            "cpuArchitecture": location.cpu_architecture(),
        }
    });
    envelopes::fit("location", call.v6, &mut object);
    object
}

fn listing(call: &CloudApiCall, path: &str, region: Option<&str>) -> Reply {
    let items = LOCATIONS
        .iter()
        .filter(|l| region.is_none_or(|r| l.id.split('/').next() == Some(r)))
        .map(|l| {
            if call.depth >= 1 {
                render(l, call)
            } else {
                reference(call, &format!("locations/{}", l.id), "location", l.id)
            }
        })
        .collect();
    call.ok(collection(call, path, "locations", items))
}

/// `GET /locations`.
pub fn list(request: &Request) -> Result<Reply, ErrorReply> {
    Ok(listing(request.call, "locations", None))
}

/// `GET /locations/{region_id}`.
pub fn list_region(request: &Request) -> Result<Reply, ErrorReply> {
    let region = request.param("region_id");
    if !LOCATIONS.iter().any(|l| l.id.split('/').next() == Some(region)) {
        return Err(ErrorReply::not_found());
    }
    Ok(listing(request.call, &format!("locations/{region}"), Some(region)))
}

/// `GET /locations/{region_id}/{location_id}`.
pub fn one(request: &Request) -> Result<Reply, ErrorReply> {
    let id = format!("{}/{}", request.param("region_id"), request.param("location_id"));
    let found = find(&id).ok_or_else(ErrorReply::not_found)?;
    Ok(request.call.ok(render(found, request.call)))
}
