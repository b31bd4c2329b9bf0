//! Locations: the physical regions data centers run in.

use super::options;
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
    path: "/locations/{location_id}",
    params: &[Param::Path { name: "location_id", doc: "country/city, e.g. de/fra" }],
    options: Options::Query(options::GET),
    creates: false,
};
