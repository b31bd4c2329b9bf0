//! The six calls on each kind of object inside a network, and a customer-hosted edge router's
//! registration key.

use super::{
    APP_WAN, EDGE_ROUTER, EDGE_ROUTER_POLICY, ENDPOINT, NETWORK_SCOPE, PAGED, POSTURE_CHECK, SERVICE,
    SERVICE_EDGE_ROUTER_POLICY, SERVICE_POLICY,
};
use crate::catalog::{Filter, Lookup, Method, Operation, Options, Param};

network_objects!(
    ENDPOINT_CALLS,
    ENDPOINTS,
    ENDPOINT,
    [LIST_ENDPOINTS, GET_ENDPOINT, CREATE_ENDPOINT, UPDATE_ENDPOINT, REPLACE_ENDPOINT, DELETE_ENDPOINT],
    "endpoint",
    "endpoints",
    "/core/v2/endpoints",
    "an endpoint",
    "endpoint",
    "endpoints"
);
network_objects!(
    EDGE_ROUTER_CALLS,
    EDGE_ROUTERS,
    EDGE_ROUTER,
    [
        LIST_EDGE_ROUTERS,
        GET_EDGE_ROUTER,
        CREATE_EDGE_ROUTER,
        UPDATE_EDGE_ROUTER,
        REPLACE_EDGE_ROUTER,
        DELETE_EDGE_ROUTER
    ],
    "edge_router",
    "edge_routers",
    "/core/v2/edge-routers",
    "an edge router",
    "edge router",
    "edge routers"
);
network_objects!(
    EDGE_ROUTER_POLICY_CALLS,
    EDGE_ROUTER_POLICIES,
    EDGE_ROUTER_POLICY,
    [
        LIST_EDGE_ROUTER_POLICIES,
        GET_EDGE_ROUTER_POLICY,
        CREATE_EDGE_ROUTER_POLICY,
        UPDATE_EDGE_ROUTER_POLICY,
        REPLACE_EDGE_ROUTER_POLICY,
        DELETE_EDGE_ROUTER_POLICY
    ],
    "edge_router_policy",
    "edge_router_policies",
    "/core/v2/edge-router-policies",
    "an edge-router policy",
    "edge-router policy",
    "edge-router policies"
);
network_objects!(
    SERVICE_CALLS,
    SERVICES,
    SERVICE,
    [LIST_SERVICES, GET_SERVICE, CREATE_SERVICE, UPDATE_SERVICE, REPLACE_SERVICE, DELETE_SERVICE],
    "service",
    "services",
    "/core/v2/services",
    "a service",
    "service",
    "services"
);
network_objects!(
    SERVICE_POLICY_CALLS,
    SERVICE_POLICIES,
    SERVICE_POLICY,
    [
        LIST_SERVICE_POLICIES,
        GET_SERVICE_POLICY,
        CREATE_SERVICE_POLICY,
        UPDATE_SERVICE_POLICY,
        REPLACE_SERVICE_POLICY,
        DELETE_SERVICE_POLICY
    ],
    "service_policy",
    "service_policies",
    "/core/v2/service-policies",
    "a service policy",
    "service policy",
    "service policies"
);
network_objects!(
    SERVICE_EDGE_ROUTER_POLICY_CALLS,
    SERVICE_EDGE_ROUTER_POLICIES,
    SERVICE_EDGE_ROUTER_POLICY,
    [
        LIST_SERVICE_EDGE_ROUTER_POLICIES,
        GET_SERVICE_EDGE_ROUTER_POLICY,
        CREATE_SERVICE_EDGE_ROUTER_POLICY,
        UPDATE_SERVICE_EDGE_ROUTER_POLICY,
        REPLACE_SERVICE_EDGE_ROUTER_POLICY,
        DELETE_SERVICE_EDGE_ROUTER_POLICY
    ],
    "service_edge_router_policy",
    "service_edge_router_policies",
    "/core/v2/service-edge-router-policies",
    "a service edge-router policy",
    "service edge-router policy",
    "service edge-router policies"
);
network_objects!(
    APP_WAN_CALLS,
    APP_WANS,
    APP_WAN,
    [LIST_APP_WANS, GET_APP_WAN, CREATE_APP_WAN, UPDATE_APP_WAN, REPLACE_APP_WAN, DELETE_APP_WAN],
    "app_wan",
    "app_wans",
    "/core/v2/app-wans",
    "an app-wan",
    "app-wan",
    "app-wans"
);
network_objects!(
    POSTURE_CHECK_CALLS,
    POSTURE_CHECKS,
    POSTURE_CHECK,
    [
        LIST_POSTURE_CHECKS,
        GET_POSTURE_CHECK,
        CREATE_POSTURE_CHECK,
        UPDATE_POSTURE_CHECK,
        REPLACE_POSTURE_CHECK,
        DELETE_POSTURE_CHECK
    ],
    "posture_check",
    "posture_checks",
    "/core/v2/posture-checks",
    "a posture check",
    "posture check",
    "posture checks"
);

/// `nf::edge_router_registration(network, edge_router)`.
pub static EDGE_ROUTER_REGISTRATION: Operation = Operation {
    name: "edge_router_registration",
    doc: "Makes a new registration key for a customer-hosted edge router (the old one stops working): #{registrationKey, expiresAt}.",
    method: Method::Post,
    path: "/core/v2/edge-routers/{edge_router}/registration-key",
    params: &[NETWORK_SCOPE, Param::Named { name: "edge_router", lookup: &EDGE_ROUTERS }],
    options: Options::None,
    creates: false,
};
