//! The IONOS Cloud API (CloudAPI v6, with the v5 prefix too): its resource objects, its
//! operations, and its wire formats. This is the only place that knows IONOS specifics; the
//! client, the bindings and the emulator's machinery are driven by it.

mod datacenters;
mod dialect;
mod locations;
mod options;
mod requests;
pub mod wire;

pub use datacenters::DATACENTER;
pub use dialect::CloudApi;

use crate::catalog::Catalog;

/// The default endpoint of the real API.
pub const DEFAULT_API_URL: &str = "https://api.ionos.com/cloudapi/v6";

/// Every CloudAPI resource object and operation ionosh knows.
pub static CATALOG: Catalog = Catalog {
    resources: &[&datacenters::DATACENTER, &locations::LOCATION, &requests::REQUEST],
    operations: &[
        &datacenters::LIST_DATACENTERS,
        &datacenters::GET_DATACENTER,
        &datacenters::CREATE_DATACENTER,
        &datacenters::UPDATE_DATACENTER,
        &datacenters::DELETE_DATACENTER,
        &locations::LIST_LOCATIONS,
        &locations::GET_LOCATION,
        &requests::LIST_REQUESTS,
        &requests::GET_REQUEST,
    ],
};
