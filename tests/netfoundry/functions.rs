//! The NetFoundry API (`nf::`) used from Rhai against the emulator over real HTTP: every
//! function's happy path and its main error, the waits, the network boundary and the
//! idempotent recipes of `import "netfoundry"`.

use serde_json::{json, Value};

use crate::world::World;

/// The emulator's provisioning delay for most tests: short, so waits end quickly.
const DELAY: u64 = 30;

/// The caller's fixed identity id, organization and network group (see the emulator's account).
const CALLER_ID: &str = "7a9f3c1e-5b2d-4e8f-a1c3-9d6e0f4b2a10";
const ORGANIZATION_ID: &str = "2d4d5d2e-8f0c-4a55-9c36-6f1c0b1a7e01";
const NETWORK_GROUP_ID: &str = "5b8e1f2a-3c4d-4e6f-8a9b-0c1d2e3f4a50";
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

/// The changes (every request but GETs) the emulator was sent since the last reset, as
/// `METHOD /route/{template}` with their status.
fn changes_sent(world: &World) -> Vec<String> {
    let log = world.sim(reqwest::Method::GET, "/_sim/stats/log");
    log["items"]
        .as_array()
        .expect("log items")
        .iter()
        .filter(|e| e["method"] != "GET" && !e["template"].as_str().unwrap_or_default().starts_with("/oauth"))
        .map(|e| format!("{} {} {}", e["method"].as_str().unwrap(), e["template"].as_str().unwrap(), e["status"]))
        .collect()
}

/// Creates the network `name` and waits until it is PROVISIONED.
fn network(world: &World, name: &str) {
    world.json_all(&format!(r#"wait_for_completion(nf::create_network(#{{ name: "{name}" }})); ()"#));
}

/// The error a script throws, as the map a script's `catch` gets (its kind, status, message...).
fn caught(world: &World, script: &str) -> Value {
    world.json_all(&format!("let caught = (); try {{ {script}; }} catch (e) {{ caught = e; }} caught"))
}

// ---------------------------------------------------------------------------------------------
// The account and the catalogue
// ---------------------------------------------------------------------------------------------

#[test]
fn the_caller_its_organization_identities_and_roles_read_back() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r#"
        let me = nf::caller();
        #{
            me: [me.id, me.name, me.type, me.organizationId],
            orgs: nf::organizations().map(|o| [o.id, o.name, o.label]),
            org_by_label: nf::organizations(#{ label: "EMULATED" }).len(),
            no_org: nf::organizations(#{ label: "other" }).len(),
            org: nf::organization(me.organizationId).name,
            api_accounts: nf::identities(#{ type: "ApiAccountIdentity" }).map(|i| i.id),
            users: nf::identities(#{ type: "UserIdentity" }).len(),
            by_email: nf::identities(#{ email: "emulator@ionosh.invalid" }).map(|i| i.name),
            identity: nf::identity(me.id).email,
            admin_roles: nf::roles(#{ name: "admin" }).map(|r| r.name),
            read_roles: nf::roles(#{ description: "READS" }).map(|r| r.name),
            all_roles: nf::roles().len(),
            role: nf::role("3f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b22").name,
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            "me": [CALLER_ID, "ionosh emulator", "ApiAccountIdentity", ORGANIZATION_ID],
            "orgs": [[ORGANIZATION_ID, "Emulated Organization", "emulated"]],
            "org_by_label": 1,
            "no_org": 0,
            "org": "Emulated Organization",
            "api_accounts": [CALLER_ID],
            "users": 0,
            "by_email": ["ionosh emulator"],
            "identity": "emulator@ionosh.invalid",
            "admin_roles": ["Network Admin", "Organization Admin"],
            "read_roles": ["Network Read Only"],
            "all_roles": 3,
            "role": "Network Read Only",
        })
    );
}

#[test]
fn an_unknown_organization_identity_or_role_is_a_404() {
    let world = World::start(DELAY);
    for (call, path) in [
        ("nf::organization", "/identity/v1/organizations"),
        ("nf::identity", "/identity/v1/identities"),
        ("nf::role", "/auth/v1/roles"),
    ] {
        let e = caught(&world, &format!(r#"{call}("{UNKNOWN_ID}")"#));
        assert_eq!(
            (&e["kind"], &e["status"], &e["method"], &e["path"]),
            (&json!("api"), &json!(404), &json!("GET"), &json!(format!("{path}/{UNKNOWN_ID}"))),
            "{call}: {e}"
        );
    }
    let e = caught(&world, r#"nf::identities(#{ colour: "red" })"#);
    assert_eq!(e["kind"], "usage", "{e}");
    assert!(e["message"].as_str().unwrap().starts_with("identities: 'colour' is no filter"), "{e}");
}

#[test]
fn a_network_group_is_found_by_id_name_or_short_name_in_any_case() {
    let world = World::start(DELAY);
    let out = world.json_all(&format!(
        r#"
        let groups = nf::network_groups();
        #{{
            groups: groups.map(|g| [g.id, g.name, g.shortName, g.organizationId]),
            by_short_name: nf::network_groups(#{{ short_name: "emu" }}).len(),
            by_id: nf::network_group("{NETWORK_GROUP_ID}").name,
            by_name: nf::network_group("emulated NETWORK group").id,
            by_short: nf::network_group("emu").id,
            by_map: nf::network_group(groups[0]).shortName,
        }}
        "#
    ));
    assert_eq!(
        out,
        json!({
            "groups": [[NETWORK_GROUP_ID, "Emulated Network Group", "EMU", ORGANIZATION_ID]],
            "by_short_name": 1,
            "by_id": "Emulated Network Group",
            "by_name": NETWORK_GROUP_ID,
            "by_short": NETWORK_GROUP_ID,
            "by_map": "EMU",
        })
    );

    let e = caught(&world, r#"nf::network_group("Nowhere")"#);
    assert_eq!(
        (&e["kind"], &e["status"], &e["message"]),
        (&json!("not_found"), &json!(404), &json!("network_group: no network group named 'Nowhere'")),
    );
    let e = caught(&world, &format!(r#"nf::network_group("{UNKNOWN_ID}")"#));
    assert_eq!((&e["kind"], &e["status"]), (&json!("api"), &json!(404)), "{e}");
}

#[test]
fn regions_filter_by_provider_and_an_unknown_region_is_a_404() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r#"
        let r = nf::region("AWS", "us-east-1");
        #{
            aws: nf::regions(#{ provider: "AWS" }).map(|r| r.locationCode),
            azure: nf::regions(#{ provider: "AZURE" }).map(|r| r.name),
            all: nf::regions().len(),
            one: [r.provider, r.locationCode, r.name],
            any_case: nf::region("gcp", "us-central1").name,
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            // Sorted by name: Frankfurt, Ireland, N. California, N. Virginia, Oregon.
            "aws": ["eu-central-1", "eu-west-1", "us-west-1", "us-east-1", "us-west-2"],
            "azure": ["East US", "West Europe"],
            "all": 12,
            "one": ["AWS", "us-east-1", "N. Virginia"],
            "any_case": "Iowa",
        })
    );
    let e = caught(&world, r#"nf::region("AWS", "mars-1")"#);
    assert_eq!(
        (&e["kind"], &e["status"], &e["path"], &e["message"]),
        (&json!("api"), &json!(404), &json!("/core/v2/regions/AWS/mars-1"), &json!("Resource does not exist"))
    );
}

#[test]
fn network_versions_filter_on_active_and_default() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r#"
        #{
            active: nf::network_versions(#{ active: true }).map(|v| v.networkVersion),
            inactive: nf::network_versions(#{ active: false }).map(|v| v.networkVersion),
            all: nf::network_versions().len(),
        }
        "#,
    );
    assert_eq!(out, json!({ "active": ["7.3.90", "8.1.0"], "inactive": ["8.0.0"], "all": 3 }));
    let e = caught(&world, r#"nf::network_versions(#{ active: [true] })"#);
    assert_eq!(e["kind"], "usage", "{e}");
    assert_eq!(e["message"], "network_versions: filter 'active' must be a string, number or bool, got an array", "{e}");
}

/// The fixed lists (regions, network groups, versions) filter on every field the catalog
/// offers as a filter.
#[test]
fn every_offered_filter_of_the_fixed_lists_filters() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r#"
        #{
            frankfurt: nf::regions(#{ name: "frankfurt" }).map(|r| r.provider + "/" + r.locationCode),
            us_east_1: nf::regions(#{ location_code: "us-east-1" }).len(),
            no_group: nf::network_groups(#{ short_name: "nope" }).len(),
            version: nf::network_versions(#{ network_version: "8.0.0" }).len(),
            by_default: nf::network_versions(#{ "default": true }).map(|v| v.networkVersion),
        }
        "#,
    );
    let mut out = out;
    if let Some(regions) = out["frankfurt"].as_array_mut() {
        regions.sort_by_key(|r| r.to_string());
    }
    assert_eq!(
        out,
        json!({
            "frankfurt": ["AWS/eu-central-1", "GCP/europe-west3", "OCI/eu-frankfurt-1"],
            "us_east_1": 1,
            "no_group": 0,
            "version": 1,
            "by_default": ["8.1.0"],
        })
    );
}

/// `default`, a word Rhai reserves, is freed like `public`: `#{ default: true }` filters the
/// network versions.
#[test]
fn the_default_filter_can_be_written_as_a_plain_key() {
    let world = World::start(DELAY);
    let out = world.eval_all(r#"nf::network_versions(#{ default: true }).len()"#);
    assert!(out.is_ok(), "{out:?}");
}

// ---------------------------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------------------------

#[test]
fn a_network_is_created_found_listed_renamed_and_deleted() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r#"
        let made = nf::create_network(#{ name: "Alpha", provider: "AWS", region: "us-east-1", size: "small" });
        let first = #{ status: made.status, controller: made.networkController };
        let up = nf::wait_for_status(made, "PROVISIONED", #{ timeout: 10, interval: 0.02 });
        wait_for_completion(nf::create_network(#{ name: "Beta" }));
        #{
            first: first,
            up: [up.status, up.provider, up.region, up.locationCode, up.size, up.productVersion, up.networkGroupId],
            controller: up.networkController.status,
            by_id: nf::network(made.id).name,
            by_name: nf::network("ALPHA").id == made.id,
            by_map: nf::network(made).name,
            all: nf::networks().map(|n| n.name),
            named: nf::networks(#{ name: "beta" }).map(|n| n.name),
            aws: nf::networks(#{ provider: "AWS" }).map(|n| n.name),
            in_group: nf::networks(#{ network_group_id: up.networkGroupId }).len(),
            provisioned: nf::networks(#{ status: "PROVISIONED" }).len(),
            exists: [nf::network_exists("alpha"), nf::network_exists("Gamma")],
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            "first": { "status": "NEW", "controller": null },
            "up": ["PROVISIONED", "AWS", "us-east-1", "us-east-1", "small", "8.1.0", NETWORK_GROUP_ID],
            "controller": "PROVISIONED",
            "by_id": "Alpha",
            "by_name": true,
            "by_map": "Alpha",
            "all": ["Alpha", "Beta"],
            "named": ["Beta"],
            "aws": ["Alpha"],
            "in_group": 2,
            "provisioned": 2,
            "exists": [true, false],
        })
    );

    world.forget_requests();
    let out = world.json_all(
        r#"
        let same = nf::update_network("alpha", #{ name: "Alpha" });
        let renamed = nf::update_network("alpha", #{ name: "Omega" });
        let first = [same.status, renamed.status, renamed.name];
        wait_for_completion(renamed);
        let caught = ();
        try { nf::network("Alpha"); } catch (e) { caught = e; }
        #{ first: first, now: [nf::network("omega").status, nf::network(renamed.id).name], old: [caught.kind, caught.status] }
        "#,
    );
    assert_eq!(
        out,
        json!({ "first": ["PROVISIONED", "UPDATING", "Omega"], "now": ["PROVISIONED", "Omega"], "old": ["not_found", 404] })
    );
    assert_eq!(changes_sent(&world), ["PATCH /core/v2/networks/{network} 202"], "the same name sends nothing");

    world.forget_requests();
    let out = world.json_all(
        r#"
        let d = nf::delete_network("Omega");
        let first = d.status;
        let gone = nf::wait_for_status(d, "DELETED", #{ timeout: 10, interval: 0.02 });
        let exists = nf::network_exists("Omega");
        let again = nf::create_network(#{ name: "omega" });
        #{
            first: first,
            gone: [gone.status, gone.deletedAt != ()],
            still_reads: nf::network(d.id).status,
            listed: nf::networks().map(|n| n.name),
            deleted: nf::networks(#{ status: "DELETED" }).map(|n| n.name),
            exists: exists,
            again: [again.name, again.id != d.id, again.status],
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            "first": "DELETING",
            "gone": ["DELETED", true],
            "still_reads": "DELETED",
            "listed": ["Beta", "omega"],
            "deleted": ["Omega"],
            "exists": false,
            "again": ["omega", true, "NEW"],
        })
    );
    assert_eq!(changes_sent(&world), ["DELETE /core/v2/networks/{network} 202", "POST /core/v2/networks 202"]);
}

#[test]
fn a_network_name_is_unique_ignoring_case_and_its_region_and_version_are_checked() {
    let world = World::start(DELAY);
    network(&world, "Alpha");
    let e = caught(&world, r#"nf::create_network(#{ name: "ALPHA" })"#);
    assert_eq!(
        (&e["kind"], &e["status"], &e["method"], &e["path"]),
        (&json!("api"), &json!(409), &json!("POST"), &json!("/core/v2/networks"))
    );
    assert_eq!(e["message"], "The name 'ALPHA' is taken by another Network in this network group");

    let e = caught(&world, r#"nf::create_network(#{ name: "Gamma", region: "mars-1" })"#);
    assert_eq!((&e["status"], &e["message"]), (&json!(400), &json!("region 'mars-1' is no region of OCI")));
    let e = caught(&world, r#"nf::create_network(#{ name: "Gamma", product_version: "8.0.0" })"#);
    assert_eq!(
        (&e["status"], &e["message"]),
        (&json!(400), &json!("productVersion must be an active version: 7.3.90, 8.1.0"))
    );
    let e = caught(&world, r#"nf::create_network(#{ name: "Gamma", provider: "IONOS" })"#);
    assert_eq!(e["kind"], "validation", "refused before sending: {e}");
    assert_eq!(e["field"], "provider", "{e}");
    let e = caught(&world, r#"nf::create_network(#{ region: "eu-amsterdam-1" })"#);
    assert_eq!((&e["kind"], &e["message"]), (&json!("validation"), &json!("create_network: 'name' is required")));
    let e = caught(&world, r#"nf::update_network("Alpha", #{ region: "eu-frankfurt-1" })"#);
    assert_eq!(
        (&e["kind"], &e["message"]),
        (&json!("usage"), &json!("update_network: 'region' cannot be changed (changeable: name)"))
    );

    let e = caught(&world, r#"nf::network("Nowhere")"#);
    assert_eq!(
        (&e["kind"], &e["status"], &e["message"]),
        (&json!("not_found"), &json!(404), &json!("network: no network named 'Nowhere'"))
    );
    let e = caught(&world, &format!(r#"nf::delete_network("{UNKNOWN_ID}")"#));
    assert_eq!((&e["kind"], &e["status"], &e["method"]), (&json!("api"), &json!(404), &json!("DELETE")), "{e}");
    assert_eq!(world.json_all(r#"nf::networks().map(|n| n.name)"#), json!(["Alpha"]), "nothing else was made");
}

/// `nf::network_exists` answers the same given a name, an id or the network's map.
#[test]
fn network_exists_by_id_finds_an_existing_network() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r#"
        let net = nf::create_network(#{ name: "Alpha" });
        wait_for_completion(net);
        [nf::network_exists("Alpha"), nf::network_exists(net.id), nf::network_exists(net)]
        "#,
    );
    assert_eq!(out, json!([true, true, true]));
}

// ---------------------------------------------------------------------------------------------
// The eight kinds of network objects: five of their six calls on each (list, get, create,
// update, delete; replace has a test of its own)
// ---------------------------------------------------------------------------------------------

/// One kind of object inside a network, for [`five_calls`]: a row of [`KINDS`].
struct Kind {
    /// `endpoint`: nf::endpoint, nf::create_endpoint, ...
    noun: &'static str,
    /// `endpoints`: the list.
    plural: &'static str,
    /// The wire's collection, in the emulator's route templates.
    collection: &'static str,
    /// What every create gives besides the name (Rhai map entries).
    fields: &'static str,
    /// The list field an update changes, by its Rhai name ...
    field: &'static str,
    /// ... and by its API name.
    api: &'static str,
    /// Its value as created (`fields` gives it) ...
    created: &'static [&'static str],
    /// ... and the new value.
    changed: &'static [&'static str],
}

/// The eight kinds of network objects, one row each.
static KINDS: [Kind; 8] = [
    Kind {
        noun: "endpoint",
        plural: "endpoints",
        collection: "endpoints",
        fields: r##"attributes: ["#clients", "#laptops"]"##,
        field: "attributes",
        api: "attributes",
        created: &["#clients", "#laptops"],
        changed: &["#servers"],
    },
    Kind {
        noun: "edge_router",
        plural: "edge_routers",
        collection: "edge-routers",
        fields: r##"attributes: ["#routers", "#eu"]"##,
        field: "attributes",
        api: "attributes",
        created: &["#routers", "#eu"],
        changed: &["#routers"],
    },
    Kind {
        noun: "edge_router_policy",
        plural: "edge_router_policies",
        collection: "edge-router-policies",
        fields: r##"endpoint_attributes: ["#all"], edge_router_attributes: ["#routers", "@er1"]"##,
        field: "edge_router_attributes",
        api: "edgeRouterAttributes",
        created: &["#routers", "@er1"],
        changed: &["#all"],
    },
    Kind {
        noun: "service",
        plural: "services",
        collection: "services",
        fields: r##"attributes: ["#web", "#eu"], model_type: "TunnelerToEndpoint""##,
        field: "attributes",
        api: "attributes",
        created: &["#web", "#eu"],
        changed: &["#web", "#us"],
    },
    Kind {
        noun: "service_policy",
        plural: "service_policies",
        collection: "service-policies",
        fields: r##"type: "Dial", service_attributes: ["#web", "@db"], endpoint_attributes: ["#clients"]"##,
        field: "service_attributes",
        api: "serviceAttributes",
        created: &["#web", "@db"],
        changed: &["#all"],
    },
    Kind {
        noun: "service_edge_router_policy",
        plural: "service_edge_router_policies",
        collection: "service-edge-router-policies",
        fields: r##"service_attributes: ["#web", "#db"], edge_router_attributes: ["#all"]"##,
        field: "service_attributes",
        api: "serviceAttributes",
        created: &["#web", "#db"],
        changed: &["#db"],
    },
    Kind {
        noun: "app_wan",
        plural: "app_wans",
        collection: "app-wans",
        fields: r##"endpoint_attributes: ["#clients"], service_attributes: ["#web", "@db"]"##,
        field: "service_attributes",
        api: "serviceAttributes",
        created: &["#web", "@db"],
        changed: &["#web", "@db", "#mail"],
    },
    Kind {
        noun: "posture_check",
        plural: "posture_checks",
        collection: "posture-checks",
        fields: r##"type: "MFA", timeout_seconds: 300, attributes: ["#mfa", "#strict"]"##,
        field: "attributes",
        api: "attributes",
        created: &["#mfa", "#strict"],
        changed: &["#mfa"],
    },
];

/// The row of [`KINDS`] for `noun`.
fn kind(noun: &str) -> &'static Kind {
    KINDS.iter().find(|kind| kind.noun == noun).unwrap_or_else(|| panic!("no kind of object named {noun}"))
}

/// Create (two, waited for with wait_all), list (all, and a `%` wildcard), get (by id, by name
/// in another case, by the object), update (nothing differs: no PATCH; a change: one PATCH,
/// UPDATING then PROVISIONED), delete (DELETING, then DELETED, gone from lists and lookups by
/// name, the name free again), all in a network named by id, name and map.
fn five_calls(kind: &Kind) -> World {
    let Kind { noun, plural, collection, fields, field, api, created, changed } = kind;
    let world = World::start(DELAY);
    network(&world, "net");
    world.forget_requests();
    let out = world.json_all(&format!(
        r#"
        let net = nf::network("net");
        let a = nf::create_{noun}(net, #{{ name: "Alpha-1", {fields} }});
        let b = nf::create_{noun}("net", #{{ name: "beta-2", {fields} }});
        let first = [a.status, b.status, a.networkId == net.id, a.zitiId];
        let done = wait_all([a, b]);
        #{{
            first: first,
            waited: done.map(|x| x.name),
            all: nf::{plural}(net).map(|x| x.name),
            wildcard: nf::{plural}(net.id, #{{ name: "%LPHA%" }}).map(|x| x.name),
            none: nf::{plural}(net, #{{ name: "gamma%" }}).len(),
            by_id: nf::{noun}(net, a.id).name,
            by_name: nf::{noun}(net.id, "ALPHA-1").id == a.id,
            by_object: nf::{noun}("net", b).name,
            up: [nf::{noun}(net, a.id).status, nf::{noun}(net, a.id).zitiId != ()],
            value: nf::{noun}(net, a.id).{api},
        }}
        "#
    ));
    let created = json!(created);
    assert_eq!(
        out,
        json!({
            "first": ["NEW", "NEW", true, null],
            "waited": ["Alpha-1", "beta-2"],
            "all": ["Alpha-1", "beta-2"],
            "wildcard": ["Alpha-1"],
            "none": 0,
            "by_id": "Alpha-1",
            "by_name": true,
            "by_object": "beta-2",
            "up": ["PROVISIONED", true],
            "value": created,
        }),
        "{noun}"
    );
    let post = format!("POST /core/v2/{collection} 202");
    assert_eq!(changes_sent(&world), [post.clone(), post.clone()], "{noun}");

    // The same values (a list in another order is the same set): nothing is sent.
    world.forget_requests();
    let same = json!(kind.created.iter().rev().collect::<Vec<_>>());
    let out = world.json_all(&format!(
        r#"
        let same = nf::update_{noun}("net", "alpha-1", #{{ {field}: {same} }});
        [same.status, same.name, same.{api}]
        "#
    ));
    assert_eq!(out, json!(["PROVISIONED", "Alpha-1", created]), "{noun}");
    assert_eq!(changes_sent(&world), Vec::<String>::new(), "{noun}: nothing differs, nothing sent");

    let changed = json!(changed);
    let out = world.json_all(&format!(
        r#"
        let net = nf::network("net");
        let u = nf::update_{noun}(net, "alpha-1", #{{ {field}: {changed} }});
        let first = [u.status, u.name, u.{api}];
        wait_for_completion(u);
        let now = nf::{noun}(net, u.id);
        #{{ first: first, now: [now.status, now.name, now.{api}], other: nf::{noun}(net, "beta-2").{api} }}
        "#
    ));
    assert_eq!(
        out,
        json!({ "first": ["UPDATING", "Alpha-1", changed], "now": ["PROVISIONED", "Alpha-1", changed], "other": created }),
        "{noun}"
    );
    let patch = format!("PATCH /core/v2/{collection}/{{{noun}}} 202");
    assert_eq!(changes_sent(&world), [patch], "{noun}");

    world.forget_requests();
    let out = world.json_all(&format!(
        r#"
        let d = nf::delete_{noun}("net", "ALPHA-1");
        let first = d.status;
        let gone = nf::wait_for_status(d, "DELETED", #{{ timeout: 10, interval: 0.02 }});
        let caught = ();
        try {{ nf::{noun}("net", "alpha-1"); }} catch (e) {{ caught = e; }}
        let listed = nf::{plural}("net").map(|x| x.name);
        let again = nf::create_{noun}("net", #{{ name: "alpha-1", {fields} }});
        wait_for_completion(again);
        #{{
            first: first,
            gone: [gone.status, gone.deletedAt != ()],
            listed: listed,
            deleted: nf::{plural}("net", #{{ status: "DELETED" }}).map(|x| x.name),
            lookup: [caught.kind, caught.status],
            by_id: nf::{noun}("net", d.id).status,
            again: [again.id != d.id, nf::{noun}("net", "ALPHA-1").status],
        }}
        "#
    ));
    assert_eq!(
        out,
        json!({
            "first": "DELETING",
            "gone": ["DELETED", true],
            "listed": ["beta-2"],
            "deleted": ["Alpha-1"],
            "lookup": ["not_found", 404],
            "by_id": "DELETED",
            "again": [true, "PROVISIONED"],
        }),
        "{noun}"
    );
    let delete = format!("DELETE /core/v2/{collection}/{{{noun}}} 202");
    assert_eq!(changes_sent(&world), [delete, post], "{noun}");
    world
}

/// The API error a script's call throws (kind "api"), as (status, message).
fn api_error(world: &World, script: &str) -> (u64, String) {
    let e = caught(world, script);
    assert_eq!(e["kind"], "api", "{e}");
    (e["status"].as_u64().unwrap(), e["message"].as_str().unwrap().to_string())
}

/// A validation error the client throws before sending anything: (field, message).
fn refused_before_sending(world: &World, script: &str) -> (String, String) {
    world.forget_requests();
    let e = caught(world, script);
    assert_eq!(e["kind"], "validation", "{e}");
    assert_eq!(changes_sent(world), Vec::<String>::new(), "nothing sent for {script}");
    (e["field"].as_str().unwrap().to_string(), e["message"].as_str().unwrap().to_string())
}

#[test]
fn endpoints_five_calls_and_attributes_start_with_a_hash() {
    let world = five_calls(kind("endpoint"));
    let (field, message) =
        refused_before_sending(&world, r#"nf::create_endpoint("net", #{ name: "bad", attributes: ["clients"] })"#);
    assert_eq!(field, "attributes");
    assert_eq!(
        message,
        "create_endpoint: 'attributes' must be an attribute starting with # like #clients (got 'clients')"
    );
    let (field, _) =
        refused_before_sending(&world, r##"nf::update_endpoint("net", "beta-2", #{ attributes: ["#ok", "#"] })"##);
    assert_eq!(field, "attributes");
    let (status, message) = api_error(&world, r#"nf::create_endpoint("net", #{ name: "BETA-2" })"#);
    assert_eq!((status, message.as_str()), (409, "The name 'BETA-2' is taken by another Endpoint in this network"));
    let out = world.json_all(
        r#"
        let ep = nf::endpoint("net", "beta-2");
        [ep.typeId, ep.enrollmentMethod, ep.jwt.split(".").len(), ep.hasEdgeRouterConnection]
        "#,
    );
    assert_eq!(out, json!(["Device", { "ott": true }, 3, false]), "a one-time token to enroll with");
}

#[test]
fn an_endpoint_enrolls_with_its_one_time_token() {
    let world = World::start(DELAY);
    network(&world, "net");
    let id =
        world.json_all(r#"let ep = nf::create_endpoint("net", #{ name: "laptop" }); wait_for_completion(ep); ep.id"#);
    let id = id.as_str().unwrap();
    world.control(&format!("/_sim/netfoundry/endpoints/{id}/enroll"), json!({}));
    let out = world.json_all(
        r#"
        let ep = nf::endpoint("net", "laptop");
        [ep.jwt, ep.jwtExpiresAt, ep.hasEdgeRouterConnection, ep.sessionActive, nf::endpoints("net", #{ session_active: true }).len()]
        "#,
    );
    assert_eq!(out, json!([null, null, true, true, 1]));
}

#[test]
fn edge_routers_five_calls() {
    let world = five_calls(kind("edge_router"));
    let (field, _) =
        refused_before_sending(&world, r#"nf::create_edge_router("net", #{ name: "x", attributes: ["eu"] })"#);
    assert_eq!(field, "attributes");
    let (status, message) = api_error(&world, r#"nf::create_edge_router("net", #{ name: "Beta-2" })"#);
    assert_eq!((status, message.as_str()), (409, "The name 'Beta-2' is taken by another EdgeRouter in this network"));
}

#[test]
fn a_customer_hosted_edge_router_registers_with_a_key_that_can_be_rotated() {
    let world = World::start(DELAY);
    network(&world, "net");
    let out = world.json_all(
        r#"
        let er = nf::create_edge_router("net", #{ name: "er1", tunneler_enabled: true });
        wait_for_completion(er);
        let before = nf::edge_router("net", "er1");
        let rotated = nf::edge_router_registration("net", "ER1");
        let after = nf::edge_router("net", er.id);
        #{
            id: er.id,
            before: [before.status, before.online, before.verified, before.provider, before.region, before.linkListener, before.tunnelerEnabled],
            key: type_of(before.registration.registrationKey) == "string" && before.registration.registrationKey.len() == 20,
            jwt: before.jwt.split(".").len(),
            rotated: rotated.registrationKey != before.registration.registrationKey,
            // The answer carries what waiting on it reads, beside the key the router now has.
            stored: after.registration.registrationKey == rotated.registrationKey
                && after.registration.expiresAt == rotated.expiresAt,
            expires: type_of(rotated.expiresAt),
        }
        "#,
    );
    let id = out["id"].as_str().unwrap().to_string();
    assert_eq!(
        out,
        json!({
            "id": id,
            "before": ["PROVISIONED", false, false, null, null, false, true],
            "key": true,
            "jwt": 3,
            "rotated": true,
            "stored": true,
            "expires": "string",
        })
    );

    world.control(&format!("/_sim/netfoundry/edge-routers/{id}/enroll"), json!({}));
    let out = world.json_all(
        r#"
        let er = nf::edge_router("net", "er1");
        #{ now: [er.online, er.verified, er.jwt, er.registration, er.ipAddress], online: nf::edge_routers("net", #{ online: true }).len() }
        "#,
    );
    assert_eq!(out, json!({ "now": [true, true, null, null, "192.0.2.20"], "online": 1 }));
    let (status, message) = api_error(&world, r#"nf::edge_router_registration("net", "er1")"#);
    assert_eq!(
        (status, message.as_str()),
        (409, "Only a customer-hosted edge router that has not registered yet has a registration key")
    );
    let e = caught(&world, r#"nf::edge_router_registration("net", "er2")"#);
    assert_eq!((&e["kind"], &e["status"]), (&json!("not_found"), &json!(404)), "{e}");
}

#[test]
fn a_netfoundry_hosted_edge_router_comes_up_online_and_a_bad_location_is_refused() {
    let world = World::start(DELAY);
    network(&world, "net");
    let out = world.json_all(
        r##"
        let er = nf::create_edge_router("net", #{ name: "hosted", provider: "AWS", location_code: "us-east-1", attributes: ["#public"] });
        let first = [er.status, er.online, er.verified];
        wait_for_completion(er);
        let up = nf::edge_router("net", "hosted");
        #{
            first: first,
            up: [up.status, up.online, up.verified, up.provider, up.locationCode, up.region, up.linkListener, up.jwt, up.registration, up.ipAddress],
            aws: nf::edge_routers("net", #{ provider: "AWS" }).map(|r| r.name),
        }
        "##,
    );
    assert_eq!(
        out,
        json!({
            "first": ["NEW", false, false],
            "up": ["PROVISIONED", true, true, "AWS", "us-east-1", "us-east-1", true, null, null, "203.0.113.10"],
            "aws": ["hosted"],
        })
    );
    let (status, message) = api_error(
        &world,
        r#"nf::create_edge_router("net", #{ name: "far", provider: "AWS", location_code: "mars-1" })"#,
    );
    assert_eq!((status, message.as_str()), (400, "locationCode 'mars-1' is no region of AWS"));
    let (status, _) = api_error(&world, r#"nf::edge_router_registration("net", "hosted")"#);
    assert_eq!(status, 409, "a hosted router has no registration key");
    let e = caught(
        &world,
        r#"nf::create_edge_router("net", #{ name: "far", provider: "IONOS", location_code: "de/fra" })"#,
    );
    assert_eq!((&e["kind"], &e["field"]), (&json!("validation"), &json!("provider")), "{e}");
}

#[test]
fn edge_router_policies_five_calls_and_roles_are_hash_or_at() {
    let world = five_calls(kind("edge_router_policy"));
    let (field, message) = refused_before_sending(
        &world,
        r##"nf::create_edge_router_policy("net", #{ name: "bad", endpoint_attributes: ["all"], edge_router_attributes: ["#all"] })"##,
    );
    assert_eq!(field, "endpoint_attributes");
    assert_eq!(
        message,
        "create_edge_router_policy: 'endpoint_attributes' must be a role: #attribute, or @name for one object by name (got 'all')"
    );
}

#[test]
fn services_five_calls() {
    let world = five_calls(kind("service"));
    let (field, message) =
        refused_before_sending(&world, r#"nf::create_service("net", #{ name: "x", model_type: "Tunnel" })"#);
    assert_eq!(field, "model_type");
    assert_eq!(
        message,
        "create_service: 'model_type' must be one of TunnelerToSdk, TunnelerToEndpoint, TunnelerToEdgeRouter, AdvancedTunnelerToEndpoint (got 'Tunnel')"
    );
}

#[test]
fn a_simple_service_is_a_tunneler_to_endpoint_model() {
    let world = World::start(DELAY);
    network(&world, "net");
    let out = world.json_all(
        r##"
        import "netfoundry" as netfoundry;
        let s = nf::create_service("net", netfoundry::simple_service("web", "web.ziti", 80, "10.0.0.5", 8080,
            #{ bind: ["@er1"], attributes: ["#web"], protocol: "udp" }));
        wait_for_completion(s);
        let got = nf::service("net", "WEB");
        #{ got: [got.status, got.modelType, got.encryptionRequired, got.attributes], model: got.model }
        "##,
    );
    assert_eq!(
        out,
        json!({
            "got": ["PROVISIONED", "TunnelerToEndpoint", true, ["#web"]],
            "model": {
                "clientIngress": { "host": "web.ziti", "port": 80 },
                "serverEgress": { "protocol": "udp", "host": "10.0.0.5", "port": 8080 },
                "bindEndpointAttributes": ["@er1"],
                "edgeRouterAttributes": ["#all"],
            },
        })
    );
    for (options, message) in [
        (r#"#{ protocol: "icmp" }"#, "simple_service: 'protocol' must be tcp or udp (got 'icmp')"),
        ("#{}", "simple_service: ports must be 1 to 65535 (got 0)"),
    ] {
        let port = if options == "#{}" { 0 } else { 80 };
        let e = caught(
            &world,
            &format!(
                r#"import "netfoundry" as netfoundry; netfoundry::simple_service("x", "x.ziti", {port}, "10.0.0.1", 80, {options})"#
            ),
        );
        assert_eq!((&e["kind"], &e["message"]), (&json!("validation"), &json!(message)), "{e}");
    }
}

#[test]
fn a_tunneler_to_edge_router_service_is_hosted_by_a_router_of_its_own_network() {
    let world = World::start(DELAY);
    network(&world, "net");
    network(&world, "other");
    let script = |router_network: &str| {
        format!(
            r#"
            let er = nf::edge_router("{router_network}", "er");
            let s = nf::create_service("net", #{{
                name: "db", model_type: "TunnelerToEdgeRouter",
                model: #{{
                    clientIngress: #{{ host: "db.ziti", port: "5432" }},
                    edgeRouterHosts: [#{{ edgeRouterId: er.id, serverEgress: #{{ protocol: "tcp", host: "10.0.0.9", port: "5432" }} }}],
                }},
            }})"#
        )
    };
    let ids = world.json_all(
        r#"
        let a = nf::create_edge_router("net", #{ name: "er" });
        let b = nf::create_edge_router("other", #{ name: "er" });
        wait_all([a, b]);
        [a.id, b.id]
        "#,
    );
    let (status, message) = api_error(&world, &script("other"));
    assert_eq!(
        (status, message),
        (400, format!("model.edgeRouterHosts names no edge router of this network ('{}')", ids[1].as_str().unwrap()))
    );
    let out = world.json_all(&format!(
        "{}; wait_for_completion(s); let got = nf::service(\"net\", \"db\"); [got.status, got.modelType, got.model]",
        script("net")
    ));
    assert_eq!(
        out,
        json!([
            "PROVISIONED",
            "TunnelerToEdgeRouter",
            {
                "clientIngress": { "host": "db.ziti", "port": 5432 },
                "edgeRouterHosts": [{ "edgeRouterId": ids[0], "serverEgress": { "protocol": "tcp", "host": "10.0.0.9", "port": 5432 } }],
            }
        ]),
        "ports given as text come back as numbers"
    );
}

#[test]
fn service_policies_five_calls_and_the_type_is_required() {
    let world = five_calls(kind("service_policy"));
    let (field, message) = refused_before_sending(
        &world,
        r##"nf::create_service_policy("net", #{ name: "x", service_attributes: ["#web"], endpoint_attributes: ["#clients"] })"##,
    );
    assert_eq!((field.as_str(), message.as_str()), ("type", "create_service_policy: 'type' is required"));
    let (field, message) =
        refused_before_sending(&world, r#"nf::create_service_policy("net", #{ name: "x", type: "Dail" })"#);
    assert_eq!(
        (field.as_str(), message.as_str()),
        ("type", "create_service_policy: 'type' must be one of Dial, Bind (got 'Dail')")
    );
    let out = world.json_all(
        r#"[nf::service_policy("net", "beta-2").semantic, nf::service_policies("net", #{ type: "Bind" }).len(), nf::service_policies("net", #{ type: "dial" }).len()]"#,
    );
    assert_eq!(out, json!(["AnyOf", 0, 2]), "semantic defaults to AnyOf; the type filters");
}

#[test]
fn service_edge_router_policies_five_calls() {
    let world = five_calls(kind("service_edge_router_policy"));
    let (field, _) = refused_before_sending(
        &world,
        r#"nf::create_service_edge_router_policy("net", #{ name: "x", semantic: "OneOf" })"#,
    );
    assert_eq!(field, "semantic");
    let (field, _) = refused_before_sending(
        &world,
        r#"nf::create_service_edge_router_policy("net", #{ name: "x", edge_router_attributes: ["er1"] })"#,
    );
    assert_eq!(field, "edge_router_attributes");
    assert_eq!(world.json_all(r#"nf::service_edge_router_policy("net", "beta-2").semantic"#), "AnyOf");
}

#[test]
fn app_wans_five_calls() {
    let world = five_calls(kind("app_wan"));
    let (field, message) = refused_before_sending(
        &world,
        r#"nf::create_app_wan("net", #{ name: "x", endpoint_attributes: ["clients"] })"#,
    );
    assert_eq!(field, "endpoint_attributes");
    assert_eq!(
        message,
        "create_app_wan: 'endpoint_attributes' must be a role: #attribute, or @name for one object by name (got 'clients')"
    );
}

#[test]
fn posture_checks_five_calls_and_the_type_is_one_of_the_checks() {
    let world = five_calls(kind("posture_check"));
    let (field, message) =
        refused_before_sending(&world, r#"nf::create_posture_check("net", #{ name: "x", type: "PHONE" })"#);
    assert_eq!(
        (field.as_str(), message.as_str()),
        (
            "type",
            "create_posture_check: 'type' must be one of OS, MAC, DOMAIN, PROCESS, PROCESS_MULTI, MFA (got 'PHONE')"
        )
    );
    let (field, _) = refused_before_sending(&world, r#"nf::create_posture_check("net", #{ name: "x" })"#);
    assert_eq!(field, "type");
    let out = world.json_all(
        r#"
        let mac = nf::create_posture_check("net", #{ name: "mac", type: "MAC", mac_addresses: ["00:11:22:33:44:55"] });
        wait_for_completion(mac);
        let u = nf::update_posture_check("net", "beta-2", #{ timeout_seconds: 600 });
        wait_for_completion(u);
        [nf::posture_check("net", "MAC").macAddresses, nf::posture_check("net", "beta-2").timeoutSeconds,
         nf::posture_checks("net", #{ type: "mac" }).map(|p| p.name)]
        "#,
    );
    assert_eq!(out, json!([["00:11:22:33:44:55"], 600, ["mac"]]));
}

// ---------------------------------------------------------------------------------------------
// The network boundary
// ---------------------------------------------------------------------------------------------

#[test]
fn an_object_of_another_network_is_refused_naming_both_networks() {
    let world = World::start(DELAY);
    network(&world, "a");
    network(&world, "b");
    let ids = world.json_all(
        r#"
        let ep = nf::create_endpoint("b", #{ name: "ep" });
        let er = nf::create_edge_router("b", #{ name: "er" });
        let sp = nf::create_service_policy("b", #{ name: "sp", type: "Bind" });
        wait_all([ep, er, sp]);
        #{ a: nf::network("a").id, b: nf::network("b").id, ep: ep.id, er: er.id, sp: sp.id }
        "#,
    );
    let id = |key: &str| ids[key].as_str().unwrap().to_string();
    let (a, b) = (id("a"), id("b"));
    world.forget_requests();
    for (call, noun, object) in [
        (format!(r#"nf::endpoint("a", "{}")"#, id("ep")), "endpoint", id("ep")),
        (r#"nf::endpoint("a", nf::endpoint("b", "ep"))"#.to_string(), "endpoint", id("ep")),
        (format!(r##"nf::update_endpoint("a", "{}", #{{ attributes: ["#moved"] }})"##, id("ep")), "endpoint", id("ep")),
        (format!(r#"nf::delete_endpoint(nf::network("a"), "{}")"#, id("ep")), "endpoint", id("ep")),
        (r#"nf::edge_router_registration("a", nf::edge_router("b", "er"))"#.to_string(), "edge router", id("er")),
        (format!(r#"nf::delete_service_policy("{a}", "{}")"#, id("sp")), "service policy", id("sp")),
    ] {
        let e = caught(&world, &call);
        let function = call.trim_start_matches("nf::").split('(').next().unwrap().to_string();
        assert_eq!(
            (&e["kind"], e["message"].as_str().unwrap()),
            (
                &json!("usage"),
                format!("{function}: the {noun} {object} belongs to network {b}, not to network {a}").as_str()
            ),
            "{call}"
        );
    }
    assert_eq!(changes_sent(&world), Vec::<String>::new(), "nothing was changed across the boundary");

    // By name, only the network's own objects are found.
    let e = caught(&world, r#"nf::endpoint("a", "ep")"#);
    assert_eq!(
        (&e["kind"], &e["status"], e["message"].as_str().unwrap()),
        (&json!("not_found"), &json!(404), format!("endpoint: no endpoint named 'ep' in network {a}").as_str())
    );
    assert_eq!(world.json_all(r#"[nf::endpoints("a").len(), nf::endpoints("b").len()]"#), json!([0, 1]));
    let e = caught(&world, r#"nf::endpoints("c")"#);
    assert_eq!((&e["kind"], &e["message"]), (&json!("not_found"), &json!("endpoints: no network named 'c'")));
}

// ---------------------------------------------------------------------------------------------
// Waits
// ---------------------------------------------------------------------------------------------

#[test]
fn wait_for_completion_follows_the_execution_and_wait_all_waits_for_several() {
    let world = World::start(DELAY);
    network(&world, "net");
    let out = world.json_all(
        r##"
        let ep = nf::create_endpoint("net", #{ name: "ep" });
        let exec_id = ep._links.execution.href.split("/")[-1];
        let back = wait_for_completion(ep);
        let exec = nf::execution(exec_id);
        let many = [];
        for name in ["a", "b", "c"] { many.push(nf::create_endpoint("net", #{ name: name, attributes: ["#many"] })); }
        let all = wait_all(many);
        #{
            // A wait returns the object as it now is.
            back: back.id == ep.id && ep.status == "NEW" && back.status == "PROVISIONED",
            exec: [exec.status, exec.name, exec.entityId == ep.id, exec.errorMessage],
            all: all.map(|x| `${x.name} ${x.status}`),
            up: nf::endpoints("net", #{ attributes: "#many" }).map(|x| x.status),
        }
        "##,
    );
    assert_eq!(
        out,
        json!({
            "back": true,
            "exec": ["FINISHED", "CreateEndpoint", true, null],
            "all": ["a PROVISIONED", "b PROVISIONED", "c PROVISIONED"],
            "up": ["PROVISIONED", "PROVISIONED", "PROVISIONED"],
        })
    );
    let e = caught(&world, &format!(r#"nf::execution("{UNKNOWN_ID}")"#));
    assert_eq!((&e["kind"], &e["status"]), (&json!("api"), &json!(404)), "{e}");
    let e = caught(&world, r#"wait_for_completion(nf::endpoint("net", "ep"))"#);
    assert_eq!(e["kind"], "usage", "an object read back carries no execution: {e}");
}

#[test]
fn nf_wait_for_status_waits_for_provisioned_and_for_deleted() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r#"
        let net = nf::create_network(#{ name: "net" });
        let up = nf::wait_for_status(net, "provisioned", #{ timeout: 10, interval: 0.02 });
        let er = nf::create_edge_router(net, #{ name: "er", provider: "AWS", location_code: "us-east-1" });
        let er_up = nf::wait_for_status(er, "PROVISIONED");
        let d = nf::delete_edge_router(net, er);
        let er_gone = nf::wait_for_status(d, "DELETED", #{ timeout: 10 });
        let n = nf::delete_network(net);
        let net_gone = nf::wait_for_status(n, "DELETED", #{ timeout: 10, interval: 0.02 });
        #{
            up: [up.status, up.networkController.status, up.zitiId != ()],
            er: [er_up.status, er_up.online],
            er_gone: [d.status, er_gone.status],
            net_gone: [n.status, net_gone.status],
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            "up": ["PROVISIONED", "PROVISIONED", true],
            "er": ["PROVISIONED", true],
            "er_gone": ["DELETING", "DELETED"],
            "net_gone": ["DELETING", "DELETED"],
        })
    );
    let e = caught(&world, r#"nf::wait_for_status(#{ name: "x" }, "PROVISIONED")"#);
    assert_eq!(
        (&e["kind"], &e["message"]),
        (&json!("usage"), &json!("wait_for_status: the object has no link to itself on an API of this session"))
    );
}

#[test]
fn deleting_a_network_deletes_everything_in_it() {
    let world = World::start(DELAY);
    network(&world, "net");
    let out = world.json_all(
        r#"
        let ep = nf::create_endpoint("net", #{ name: "ep" });
        let sp = nf::create_service_policy("net", #{ name: "sp", type: "Dial" });
        wait_all([ep, sp]);
        nf::wait_for_status(nf::delete_network("net"), "DELETED", #{ timeout: 10, interval: 0.02 });
        [nf::endpoint(ep.networkId, ep.id).status, nf::service_policy(ep.networkId, sp.id).status]
        "#,
    );
    assert_eq!(out, json!(["DELETED", "DELETED"]));
}

#[test]
fn a_failed_workflow_ends_in_error_and_both_waits_throw_failed() {
    let world = World::start(DELAY);
    network(&world, "net");
    world.control("/_sim/fail-next", json!({ "message": "the controller is out of capacity" }));
    let out = world.json_all(
        r#"
        let ep = nf::create_endpoint("net", #{ name: "doomed" });
        let caught = ();
        try { wait_for_completion(ep); } catch (e) { caught = e; }
        let exec = nf::execution(ep._links.execution.href.split("/")[-1]);
        let status = ();
        try { nf::wait_for_status(ep, "PROVISIONED", #{ timeout: 10 }); } catch (e) { status = e; }
        #{
            completion: [caught.kind, caught.message],
            exec: [exec.status, exec.errorMessage],
            object: nf::endpoint("net", "doomed").status,
            status: [status.kind, status.message],
            listed: nf::endpoints("net", #{ status: "ERROR" }).map(|x| x.name),
        }
        "#,
    );
    let completion = out["completion"][1].as_str().unwrap();
    assert_eq!(out["completion"][0], "failed", "{out}");
    assert!(completion.ends_with("failed: the controller is out of capacity"), "{completion}");
    assert_eq!(out["exec"], json!(["FAILED", "the controller is out of capacity"]));
    assert_eq!(out["object"], "ERROR");
    assert_eq!(out["status"], json!(["failed", "wait_for_status: endpoint 'doomed' is ERROR, not PROVISIONED"]));
    assert_eq!(out["listed"], json!(["doomed"]));

    // wait_all throws the failed one, with every request's status.
    world.control("/_sim/fail-next", json!({ "message": "no" }));
    let out = world.json_all(
        r#"
        let a = nf::create_endpoint("net", #{ name: "a" });
        let b = nf::create_endpoint("net", #{ name: "b" });
        let caught = ();
        try { wait_all([a, b]); } catch (e) { caught = e; }
        let a_exec = a._links.execution.href.split("/")[-1];
        let b_exec = b._links.execution.href.split("/")[-1];
        let b_status = caught.statuses[b_exec];
        wait_for_completion(b);
        [caught.kind, caught.statuses[a_exec], b_status, nf::endpoint("net", "b").status]
        "#,
    );
    assert_eq!(out[0], "failed", "{out}");
    assert_eq!(out[1], "FAILED", "{out}");
    assert!(["DONE", "RUNNING", "STARTED"].contains(&out[2].as_str().unwrap_or_default()), "{out}");
    assert_eq!(out[3], "PROVISIONED", "the other create went on: {out}");
}

#[test]
fn a_network_takes_objects_only_once_it_is_provisioned() {
    let world = World::start(1_000);
    let out = world.json_all(
        r#"
        let net = nf::create_network(#{ name: "slow" });
        let early = ();
        try { nf::create_endpoint(net, #{ name: "ep" }); } catch (e) { early = e; }
        let waited = ();
        try { nf::wait_for_status(net, "PROVISIONED", #{ timeout: 0.1, interval: 0.02 }); } catch (e) { waited = e; }
        nf::wait_for_status(net, "PROVISIONED", #{ timeout: 30, interval: 0.05 });
        let ep = nf::create_endpoint(net, #{ name: "ep" });
        #{ early: [early.kind, early.status, early.message], waited: [waited.kind, waited.message], now: ep.status, id: net.id }
        "#,
    );
    let id = out["id"].as_str().unwrap();
    assert_eq!((&out["early"][0], &out["early"][1]), (&json!("api"), &json!(409)), "{out}");
    let message = out["early"][2].as_str().unwrap();
    assert!(
        [
            format!("The network {id} is NEW: objects can be added once it is PROVISIONED"),
            format!("The network {id} is PROVISIONING: objects can be added once it is PROVISIONED")
        ]
        .iter()
        .any(|m| m == message),
        "{message}"
    );
    assert_eq!(out["waited"][0], "timeout", "{out}");
    assert!(out["waited"][1].as_str().unwrap().starts_with("wait_for_status: network 'slow' was still "), "{out}");
    assert_eq!(out["now"], "NEW");
}

#[test]
fn a_network_that_failed_takes_no_objects() {
    let world = World::start(DELAY);
    world.control("/_sim/fail-next", json!({ "message": "no controller today" }));
    let out = world.json_all(
        r#"
        let net = nf::create_network(#{ name: "broken" });
        let failed = ();
        try { nf::wait_for_status(net, "PROVISIONED", #{ timeout: 10, interval: 0.02 }); } catch (e) { failed = e; }
        let refused = ();
        try { nf::create_endpoint(net, #{ name: "ep" }); } catch (e) { refused = e; }
        #{ failed: [failed.kind, failed.message], refused: [refused.status, refused.message], id: net.id }
        "#,
    );
    let id = out["id"].as_str().unwrap();
    assert_eq!(out["failed"], json!(["failed", "wait_for_status: network 'broken' is ERROR, not PROVISIONED"]));
    assert_eq!(
        out["refused"],
        json!([409, format!("The network {id} is ERROR: objects can be added once it is PROVISIONED")])
    );
}

/// `nf::edge_router_registration(net, router_id)` takes the router's id (the boundary guard
/// reads the router, not the action's path).
#[test]
fn edge_router_registration_takes_the_routers_id() {
    let world = World::start(DELAY);
    network(&world, "net");
    let out = world.json_all(
        r#"
        let er = nf::create_edge_router("net", #{ name: "er" });
        wait_for_completion(er);
        nf::edge_router_registration("net", er.id).registrationKey.len()
        "#,
    );
    assert_eq!(out, 20);
}

/// A list's filters cannot name another network (`network_id`): the network is the first
/// argument, and nothing is sent.
#[test]
fn a_list_filter_cannot_cross_the_network_boundary() {
    let world = World::start(DELAY);
    network(&world, "a");
    network(&world, "b");
    let out = world.json_all(
        r#"
        wait_all([nf::create_endpoint("a", #{ name: "in-a" }), nf::create_endpoint("b", #{ name: "in-b" })]);
        let caught = ();
        try { caught = nf::endpoints("a", #{ network_id: nf::network("b").id }).map(|e| e.name); } catch (e) { caught = e.kind; }
        caught
        "#,
    );
    assert!(out == json!("usage") || out == json!([]), "the list of network a shows {out}");
}

/// A create's fields cannot name another network (`network_id`): refused with kind "usage"
/// before anything is sent.
#[test]
fn a_create_cannot_cross_the_network_boundary() {
    let world = World::start(DELAY);
    network(&world, "a");
    network(&world, "b");
    let out = world.json_all(
        r#"
        let caught = ();
        try { nf::create_endpoint("a", #{ name: "x", network_id: nf::network("b").id }); } catch (e) { caught = e.kind; }
        [caught, nf::endpoints("b").len()]
        "#,
    );
    assert_eq!(out, json!(["usage", 0]));
}

/// `nf::roles(#{ identity_id })` lists the roles an identity has: the caller's Network Admin,
/// none for an identity the organization lacks.
#[test]
fn roles_filter_by_identity() {
    let world = World::start(DELAY);
    let out = world.json_all(&format!(
        r#"[nf::roles(#{{ identity_id: "{CALLER_ID}" }}).map(|r| r.name), nf::roles(#{{ identity_id: "{UNKNOWN_ID}" }}).len()]"#
    ));
    assert_eq!(out, json!([["Network Admin"], 0]));
}

/// An update whose values all equal the object's sends nothing, and its answer can be waited
/// for like any other (the wait ends at once).
#[test]
fn an_update_that_changes_nothing_can_be_waited_for() {
    let world = World::start(DELAY);
    network(&world, "net");
    let out = world.eval_all(
        r##"
        let ep = nf::create_endpoint("net", #{ name: "ep", attributes: ["#a"] });
        wait_for_completion(ep);
        wait_for_completion(nf::update_endpoint("net", "ep", #{ attributes: ["#a"] }));
        wait_all([nf::update_endpoint("net", "ep", #{ attributes: ["#a"] })]);
        "##,
    );
    assert!(out.is_ok(), "{out:?}");
}

// ---------------------------------------------------------------------------------------------
// The recipes of `import "netfoundry"`
// ---------------------------------------------------------------------------------------------

/// A network with a router, a policy letting every endpoint use every router, a client
/// endpoint with the `attributes` the script is given, a service the router hosts, its bind
/// policy and an app-wan.
const RECIPE: &str = r##"
    import "netfoundry" as netfoundry;
    let net = netfoundry::ensure_network("demo", #{ region: "eu-frankfurt-1" });
    let er = netfoundry::ensure_edge_router(net, "er1", #{ attributes: ["#routers"] });
    let erp = netfoundry::ensure_edge_router_policy(net.id, "all-routers", #{ endpoint_attributes: ["#all"], edge_router_attributes: ["#all"] });
    let client = netfoundry::ensure_endpoint("demo", "laptop", #{ attributes: attributes });
    let web = netfoundry::ensure_service(net, netfoundry::simple_service("web", "web.ziti", 80, "10.0.0.5", 8080,
        #{ bind: ["@er1"], attributes: ["#web"] }));
    let bind = netfoundry::ensure_service_policy(net, "bind-web", #{ type: "Bind", service_attributes: ["#web"], endpoint_attributes: ["@er1"] });
    let wan = netfoundry::ensure_app_wan(net, "clients-web", #{ endpoint_attributes: ["#clients"], service_attributes: ["#web"] });
    #{
        net: [net.name, net.status, net.region],
        statuses: [er.status, erp.status, client.status, web.status, bind.status, wan.status],
        attributes: client.attributes,
        ids: [net.id, er.id, erp.id, client.id, web.id, bind.id, wan.id],
    }
"##;

/// Runs [`RECIPE`] given its client endpoint's `attributes` (a Rhai array).
fn recipe(world: &World, attributes: &str) -> Value {
    world.json_all(&format!("let attributes = {attributes};\n{RECIPE}"))
}

#[test]
fn the_recipes_create_once_then_change_nothing_then_only_what_differs() {
    let world = World::start(DELAY);
    world.forget_requests();
    let first = recipe(&world, r##"["#clients"]"##);
    let up = json!(["PROVISIONED", "PROVISIONED", "PROVISIONED", "PROVISIONED", "PROVISIONED", "PROVISIONED"]);
    assert_eq!(first["net"], json!(["demo", "PROVISIONED", "eu-frankfurt-1"]));
    assert_eq!(first["statuses"], up);
    assert_eq!(first["attributes"], json!(["#clients"]));
    assert_eq!(
        changes_sent(&world),
        [
            "POST /core/v2/networks 202",
            "POST /core/v2/edge-routers 202",
            "POST /core/v2/edge-router-policies 202",
            "POST /core/v2/endpoints 202",
            "POST /core/v2/services 202",
            "POST /core/v2/service-policies 202",
            "POST /core/v2/app-wans 202",
        ]
    );

    world.forget_requests();
    let second = recipe(&world, r##"["#clients"]"##);
    assert_eq!(second, first, "the same objects, as they were");
    assert_eq!(changes_sent(&world), Vec::<String>::new(), "a second run changes nothing");

    world.forget_requests();
    let third = recipe(&world, r##"["#laptops", "#clients"]"##);
    assert_eq!(third["ids"], first["ids"], "nothing made anew");
    assert_eq!(third["statuses"], up);
    assert_eq!(third["attributes"], json!(["#laptops", "#clients"]));
    assert_eq!(changes_sent(&world), ["PATCH /core/v2/endpoints/{endpoint} 202"], "only the endpoint changes");

    world.forget_requests();
    let fourth = recipe(&world, r##"["#clients", "#laptops"]"##);
    assert_eq!(fourth["attributes"], json!(["#laptops", "#clients"]));
    assert_eq!(changes_sent(&world), Vec::<String>::new(), "attributes are a set: another order changes nothing");
}

#[test]
fn ensure_network_waits_for_a_network_still_provisioning() {
    let world = World::start(300);
    let out = world.json_all(
        r#"
        import "netfoundry" as netfoundry;
        let made = nf::create_network(#{ name: "demo" });
        let net = netfoundry::ensure_network("DEMO", #{});
        [made.status, net.status, net.id == made.id, nf::networks().len()]
        "#,
    );
    assert_eq!(out, json!(["NEW", "PROVISIONED", true, 1]));
}

/// The recipes take only the object of that exact name (the API's name filter treats `_` and
/// `%` as wildcards): `ensure_endpoint(net, "web_1", …)` leaves "web-1" alone.
#[test]
fn ensure_finds_only_the_object_of_that_exact_name() {
    let world = World::start(DELAY);
    let out = world.json_all(
        r##"
        import "netfoundry" as netfoundry;
        let net = netfoundry::ensure_network("demo", #{});
        let a = netfoundry::ensure_endpoint(net, "web-1", #{ attributes: ["#a"] });
        let b = netfoundry::ensure_endpoint(net, "web_1", #{ attributes: ["#b"] });
        nf::endpoints(net).map(|e| e.name + " " + e.attributes[0])
        "##,
    );
    assert_eq!(out, json!(["web-1 #a", "web_1 #b"]));
}

/// The emulator pages lists as the API does (`page` from 0, `size`, `_embedded` left out of a
/// page past the end, `application/hal+json`), and the client reads every page of a list.
#[test]
fn lists_are_paged_and_read_to_their_last_page() {
    let world = World::start(DELAY);
    network(&world, "paged");
    let made = world.json_all(
        r##"
        let net = nf::network("paged");
        wait_all([1, 2, 3, 4, 5].map(|n| nf::create_endpoint(net, #{ name: `ep-${n}`, attributes: ["#p"] })));
        #{ net: net.id, all: nf::endpoints(net).map(|e| e.name) }
        "##,
    );
    assert_eq!(made["all"], json!(["ep-1", "ep-2", "ep-3", "ep-4", "ep-5"]));
    let net = made["net"].as_str().expect("id").to_string();
    let base = world.base_url();
    let pages: Vec<(String, Value)> = world.runtime.block_on(async {
        let http = reqwest::Client::new();
        let token: Value = http
            .post(format!("{base}/oauth2/token"))
            .basic_auth("pager", Some("secret"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("token JSON");
        let token = token["access_token"].as_str().expect("access token").to_string();
        let mut pages = Vec::new();
        for page in 0..4 {
            let url = format!("{base}/core/v2/endpoints?networkId={net}&size=2&page={page}&sort=name,desc");
            let answer = http.get(url).bearer_auth(&token).send().await.expect("page");
            let media = answer.headers()["content-type"].to_str().unwrap_or_default().to_string();
            pages.push((media, answer.json().await.expect("page JSON")));
        }
        pages
    });
    let names = |page: &Value| -> Vec<String> {
        page.pointer("/_embedded/endpointList")
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(|i| i["name"].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    assert_eq!(names(&pages[0].1), ["ep-5", "ep-4"]);
    assert_eq!(names(&pages[1].1), ["ep-3", "ep-2"]);
    assert_eq!(names(&pages[2].1), ["ep-1"]);
    assert!(pages[3].1.get("_embedded").is_none(), "a page past the end has no _embedded");
    assert_eq!(pages[3].1["page"], json!({ "size": 2, "totalElements": 5, "totalPages": 3, "number": 3 }));
    assert!(pages.iter().all(|(media, _)| media == "application/hal+json"), "{pages:?}");
}

/// A service's model is checked before anything is sent: ports 1–65535, tcp or udp, what its
/// model type needs.
#[test]
fn a_service_model_is_checked_before_sending() {
    let world = World::start(DELAY);
    network(&world, "models");
    world.forget_requests();
    for (model, wanted) in [
        (
            r#"model_type: "TunnelerToEndpoint", model: #{ clientIngress: #{ host: "a.ziti", port: 70000 }, serverEgress: #{ protocol: "tcp", host: "10.0.0.1", port: 22 } }"#,
            "create_service: 'model' model.clientIngress.port must be a port from 1 to 65535 (got 70000)",
        ),
        (
            r#"model_type: "TunnelerToEndpoint", model: #{ clientIngress: #{ host: "a.ziti", port: 22 }, serverEgress: #{ protocol: "icmp", host: "10.0.0.1", port: 22 } }"#,
            "create_service: 'model' model.serverEgress.protocol must be tcp or udp (got \"icmp\")",
        ),
        (
            r#"model_type: "TunnelerToEndpoint", model: #{ clientIngress: #{ host: "a.ziti", port: 22 } }"#,
            "create_service: 'model' model.serverEgress.protocol is required",
        ),
        (
            r#"model_type: "AdvancedTunnelerToEndpoint", model: #{ clientIngress: #{ addresses: ["a.ziti"], ports: [#{ low: 90, high: 80 }] }, serverEgress: #{ host: "x" } }"#,
            "create_service: 'model' model.clientIngress.ports[0] goes from 90 down to 80: low must not be above high",
        ),
    ] {
        let e = caught(&world, &format!(r#"nf::create_service("models", #{{ name: "s", {model} }})"#));
        assert_eq!((e["kind"].as_str(), e["message"].as_str()), (Some("validation"), Some(wanted)), "{model}");
    }
    assert!(changes_sent(&world).is_empty(), "nothing was sent: {:?}", changes_sent(&world));
}

/// `replace_<object>` sends a PUT of the changeable fields, the given ones over the object's.
#[test]
fn replace_sends_a_put_of_every_changeable_field() {
    let world = World::start(DELAY);
    network(&world, "net");
    world.json_all(r##"wait_for_completion(nf::create_endpoint("net", #{ name: "ep", attributes: ["#a"] })); ()"##);
    world.forget_requests();
    let out = world.json_all(
        r##"
        wait_for_completion(nf::replace_endpoint("net", "ep", #{ attributes: ["#b"] }));
        let ep = nf::endpoint("net", "ep");
        [ep.attributes, ep.status]
        "##,
    );
    assert_eq!(out, json!([["#b"], "PROVISIONED"]));
    assert_eq!(changes_sent(&world), ["PUT /core/v2/endpoints/{endpoint} 202"]);
    // The endpoint named by name is taken from the list it was found in: the replace (and
    // the read after it) never GET it on its own; the wait reads it once, to return it as it
    // now is.
    let log = world.sim(reqwest::Method::GET, "/_sim/stats/log");
    let reads = log["items"]
        .as_array()
        .expect("log items")
        .iter()
        .filter(|e| e["method"] == "GET" && e["template"] == "/core/v2/endpoints/{endpoint}")
        .count();
    assert_eq!(reads, 1, "{log}");
}

/// A delete that fails leaves the object in ERROR, there to delete again.
#[test]
fn a_failed_delete_leaves_the_object_to_delete_again() {
    let world = World::start(DELAY);
    network(&world, "net");
    world.json_all(r##"wait_for_completion(nf::create_endpoint("net", #{ name: "ep", attributes: ["#a"] })); ()"##);
    world.control("/_sim/fail-next", json!({ "message": "stuck" }));
    let out = world.json_all(
        r#"
        let failed = ();
        try { wait_for_completion(nf::delete_endpoint("net", "ep")) } catch (e) { failed = e.kind }
        let status = nf::endpoint("net", "ep").status;
        wait_for_completion(nf::delete_endpoint("net", "ep"));
        [failed, status, nf::endpoints("net").len()]
        "#,
    );
    assert_eq!(out, json!(["failed", "ERROR", 0]));
}

/// Waiting for a status an object can no longer reach ends at once.
#[test]
fn waiting_for_provisioned_on_an_object_being_deleted_fails_at_once() {
    let world = World::start(300);
    network(&world, "net");
    let out = world.json_all(
        r#"
        let ep = nf::create_endpoint("net", #{ name: "ep" });
        wait_for_completion(ep);
        nf::delete_endpoint("net", "ep");
        let e = ();
        try { nf::wait_for_status(ep, "PROVISIONED", #{ timeout: 60 }) } catch (err) { e = err }
        [e.kind, e.message]
        "#,
    );
    assert_eq!(out, json!(["failed", "wait_for_status: endpoint 'ep' is DELETING, not PROVISIONED"]));
}

/// A filter under the name of a paging parameter is refused (it would page the list instead).
#[test]
fn a_filter_that_would_page_the_list_is_refused() {
    let world = World::start(DELAY);
    let e = caught(&world, r#"nf::networks(#{ size: "small" })"#);
    assert_eq!(e["kind"], "usage");
    assert_eq!(
        e["message"],
        "networks: 'size' cannot be a filter here: 'size' pages the list (filter the result instead)"
    );
}

/// `ensure_network` refuses a network that exists with another region: it cannot change.
#[test]
fn ensure_network_refuses_what_cannot_change() {
    let world = World::start(DELAY);
    network(&world, "net");
    let e = caught(&world, r#"import "netfoundry" as nfr; nfr::ensure_network("net", #{ region: "us-ashburn-1" })"#);
    assert_eq!(e["kind"], "mismatch");
    assert_eq!(e["message"], "ensure_network: 'net' has region eu-amsterdam-1, not us-ashburn-1 (it cannot change)");
}

/// A run that deletes a network does not list the objects in it as left behind.
#[test]
fn objects_deleted_with_their_network_are_not_left_behind() {
    let dir = tempfile::tempdir().expect("dir");
    let script = r#"
        let net = nf::create_network(#{ name: "gone" });
        wait_for_completion(net);
        wait_for_completion(nf::create_endpoint(net, #{ name: "ep" }));
        wait_for_completion(nf::delete_network(net));
        let left = nf::create_network(#{ name: "kept" });
        throw "stop here";
    "#;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim-ephemeral", "--sim-delay-ms", "20", "-e", script])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .expect("ionosh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("\"kept\""), "the network still there is listed: {stderr}");
    assert!(!stderr.contains("\"gone\"") && !stderr.contains("\"ep\""), "nothing deleted is: {stderr}");
}

/// An object read by name costs the list it is found in, not a second read by id.
#[test]
fn a_read_by_name_costs_one_list() {
    let world = World::start(DELAY);
    network(&world, "net");
    let id = world.json_all(
        r##"let ep = nf::create_endpoint("net", #{ name: "ep", attributes: ["#a"] }); wait_for_completion(ep); ep.id"##,
    );
    let net = world.json_all(r#"nf::network("net").id"#);
    world.forget_requests();
    let read = world.json_all(&format!(r#"nf::endpoint("{}", "EP").id"#, net.as_str().expect("id")));
    assert_eq!(read, id);
    let log = world.sim(reqwest::Method::GET, "/_sim/stats/log");
    let reads: Vec<&str> = log["items"]
        .as_array()
        .expect("log")
        .iter()
        .filter(|e| e["method"] == "GET")
        .filter_map(|e| e["template"].as_str())
        .collect();
    assert_eq!(reads, ["/core/v2/endpoints"]);
}

/// A change sent while the network is still being created waits for the create: the network
/// reads as the create says (NEW or PROVISIONING, no controller, no objects taken) until it
/// ends, then UPDATING, then PROVISIONED with its controller.
#[test]
fn a_change_to_a_network_still_being_created_begins_when_the_create_ends() {
    let world = World::start(1_000);
    let out = world.json_all(
        r#"
        let net = nf::create_network(#{ name: "early" });
        let patched = nf::update_network(net.id, #{ name: "renamed" });
        let read = nf::network(net.id);
        let refused = ();
        try { nf::create_endpoint(net, #{ name: "ep" }); } catch (e) { refused = e; }
        wait_for_completion(net);
        let between = nf::network(net.id);
        wait_for_completion(patched);
        let after = nf::network(net.id);
        #{
            patched: patched.status,
            read: [read.status, read.name, read.networkController],
            refused: refused.status,
            between: [between.status, between.networkController != ()],
            after: [after.status, after.name, after.networkController != ()],
        }
        "#,
    );
    let create_status = |status: &Value| ["NEW", "PROVISIONING"].iter().any(|s| status == s);
    assert!(create_status(&out["patched"]) && create_status(&out["read"][0]), "the create's status: {out}");
    assert_eq!((&out["read"][1], &out["read"][2], &out["refused"]), (&json!("renamed"), &Value::Null, &json!(409)));
    assert_eq!(out["between"], json!(["UPDATING", true]), "the change begins when the create ends: {out}");
    assert_eq!(out["after"], json!(["PROVISIONED", "renamed", true]));
}

/// A list's `_links.self` is a valid URL whose query reads back as the filters asked.
#[test]
fn a_lists_self_link_encodes_its_filters() {
    let world = World::start(DELAY);
    network(&world, "web one");
    let base = world.base_url();
    let asked = [("name", "web%"), ("name", "web one"), ("provider", "OCI&AWS"), ("size", "20")];
    let page: Value = world.runtime.block_on(async {
        let http = reqwest::Client::new();
        let token: Value = http
            .post(format!("{base}/oauth2/token"))
            .basic_auth("lister", Some("secret"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("token JSON");
        let token = token["access_token"].as_str().expect("access token").to_string();
        let answer = http.get(format!("{base}/core/v2/networks")).query(&asked).bearer_auth(&token).send().await;
        answer.expect("list").json().await.expect("list JSON")
    });
    let href = page.pointer("/_links/self/href").and_then(Value::as_str).expect("a self link");
    let url = url::Url::parse(href).expect("a valid URL");
    let back: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let asked: Vec<(String, String)> = asked.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!((url.path(), back), ("/core/v2/networks", asked), "{href}");
    assert!(!href.contains(' '), "{href}");
}

#[test]
fn nf_wait_for_status_without_an_interval_looks_when_the_change_is_likely_done() {
    // The emulator announces its 300 ms delay: one read at once, one when the endpoint is up.
    let world = World::start(300);
    network(&world, "net");
    world.forget_requests();
    let out = world.json_all(
        r#"let ep = nf::create_endpoint("net", #{ name: "ep" }); nf::wait_for_status(ep, "PROVISIONED").status"#,
    );
    assert_eq!(out, json!("PROVISIONED"));
    let log = world.sim(reqwest::Method::GET, "/_sim/stats/log");
    let reads = log["items"]
        .as_array()
        .expect("log items")
        .iter()
        .filter(|e| {
            e["method"] == "GET" && e["template"].as_str().is_some_and(|t| t.ends_with("/endpoints/{endpoint}"))
        })
        .count();
    assert!((1..=2).contains(&reads), "{reads} reads of the endpoint: {log}");
}

#[test]
fn an_unknown_filter_names_the_filters_a_list_takes() {
    let world = World::start(DELAY);
    network(&world, "net");
    let e = caught(&world, r#"nf::endpoints("net", #{ colour: "red" })"#);
    let message = e["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("endpoints: 'colour' is no filter"), "{e}");
    assert!(message.contains("name") && !message.contains("network_id"), "the network is the scope, no filter: {e}");
}
