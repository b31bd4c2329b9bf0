//! Locations: the physical regions data centers run in.

use super::options;
use super::params::REGION_ID;
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// A location (`de/fra`); read-only.
pub static LOCATION: Resource = Resource {
    name: "Location",
    api_type: "location",
    doc: "A physical region where data centers can be created",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the city's name").read_only(),
        Field::new("features", "features", FieldType::StrList, "features offered here").read_only(),
        Field::new(
            "imageAliases",
            "image_aliases",
            FieldType::StrList,
            "image aliases usable here, e.g. ubuntu:latest",
        )
        .read_only(),
        Field::new("cpuArchitecture", "cpu_architecture", FieldType::Json, "CPU families offered here").read_only(),
    ],
    checks: &[],
};

/// `list_locations([options])`.
pub static LIST_LOCATIONS: Operation = Operation {
    name: "list_locations",
    doc: "Lists the locations where data centers can be created.",
    method: Method::Get,
    path: "/locations",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_location(location_id[, options])`.
pub static GET_LOCATION: Operation = Operation {
    name: "get_location",
    doc: "Gets one location by its id, e.g. get_location(\"de/fra\").",
    method: Method::Get,
    path: "/locations/{region_id}/{location_id}",
    params: &[Param::Segments {
        name: "location_id",
        segments: &["region_id", "location_id"],
        doc: "country/city, e.g. de/fra",
    }],
    options: Options::Query(options::GET),
    creates: false,
};

/// `list_locations_in_region(region_id)`.
pub static LIST_LOCATIONS_IN_REGION: Operation = Operation {
    name: "list_locations_in_region",
    doc: "Lists the locations of one country.",
    method: Method::Get,
    path: "/locations/{region_id}",
    params: &[REGION_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_api_info()`.
pub static GET_API_INFO: Operation = Operation {
    name: "get_api_info",
    doc: "Gets the API's name and version.",
    method: Method::Get,
    path: "/",
    params: &[],
    options: Options::None,
    creates: false,
};
