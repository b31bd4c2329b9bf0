//! Operation descriptions: the Rhai function name, the HTTP request it makes, its arguments.

use super::{Access, Field, Method, Resource};

/// One positional argument of an operation.
#[derive(Debug)]
pub enum Param {
    /// Fills the `{name}` parameter of the path with an id: a string, or the object (a map
    /// with its id).
    Path { name: &'static str, doc: &'static str },
    /// Fills the `{name}` parameter with the id of an object the API numbers (a LAN): an int
    /// too.
    NumberPath { name: &'static str, doc: &'static str },
    /// A resource object sent as the request body: a constructor's result, or a plain map
    /// that is run through the constructor first.
    Body { name: &'static str, resource: &'static Resource },
    /// A boolean that, when true, appends `suffix` to the path (`get_request(id, status)`).
    SuffixFlag { name: &'static str, suffix: &'static str, doc: &'static str },
    /// An id sent as the body `{"id": ...}` (attaching a volume, a CD-ROM, a NIC).
    RefBody { name: &'static str, doc: &'static str },
    /// A list of ids (or the objects) sent as the body `{"ids": [...]}`: what an object is to
    /// have, replacing what it had (the security groups of a server).
    Ids { name: &'static str, doc: &'static str },
    /// An id sent as one field of a form-encoded body (`snapshotId=...`).
    FormField { name: &'static str, api: &'static str, doc: &'static str },
    /// A text document sent as the whole body, `text/plain` (a DNS zone file).
    Text { name: &'static str, doc: &'static str },
    /// One field of the body's resource (see [`Options::Fields`]), given positionally as in
    /// the classic SDK (`create_k8s_cluster(name)`); `name` is the field's Rhai name.
    Field { name: &'static str, doc: &'static str },
    /// A last path segment that may be left out (`list_resources([resource_type])`): the
    /// `/{name}` segment is dropped when it is.
    OptionalSegment { name: &'static str, doc: &'static str },
    /// One argument filling several path segments, split at `/` (a location id `de/fra`
    /// fills `{region_id}/{location_id}`).
    Segments { name: &'static str, segments: &'static [&'static str], doc: &'static str },
    /// The object a call works within (a NetFoundry network): its id, the object, or its
    /// name looked up with `lookup`. A list sends it as the `api` query parameter, a create
    /// as the `api` field of its body; a call on one object checks that the object's `api`
    /// field names it, so nothing of another network is touched by mistake.
    Scope { name: &'static str, api: &'static str, lookup: &'static Lookup },
    /// Fills the `{name}` parameter with an object's id: the id, the object, or its name
    /// looked up with `lookup` (within the call's [`Param::Scope`], if it has one).
    Named { name: &'static str, lookup: &'static Lookup },
}

/// How an object a user names is found: by its id, or by its name in a collection.
#[derive(Debug)]
pub struct Lookup {
    /// What such an object is called in messages: `endpoint`.
    pub noun: &'static str,
    /// The collection listing them, relative to the API base.
    pub collection: &'static str,
    /// The query parameter filtering the collection by name, if it has one.
    pub by_name: Option<&'static str>,
    /// The fields a name is compared with, ignoring case (`name`; network groups: `name`
    /// and `shortName`).
    pub names: &'static [&'static str],
    /// Query parameters a list of the collection always sends (page size, sort order).
    pub fixed: &'static [(&'static str, &'static str)],
}

/// The query options of a list that filters on any field of what it lists.
#[derive(Debug)]
pub struct Filter {
    /// What is listed: its fields, by Rhai or API name, are the filters.
    pub resource: &'static Resource,
    /// Filters sent under another name than the field's (`name` → `findByName`).
    pub renamed: &'static [(&'static str, &'static str)],
    /// Query parameters always sent (page size, sort order).
    pub fixed: &'static [(&'static str, &'static str)],
}

impl Param {
    /// The argument's name as shown in signatures.
    pub fn name(&self) -> &'static str {
        match self {
            Param::Path { name, .. }
            | Param::NumberPath { name, .. }
            | Param::Body { name, .. }
            | Param::SuffixFlag { name, .. }
            | Param::RefBody { name, .. }
            | Param::Ids { name, .. }
            | Param::FormField { name, .. }
            | Param::Text { name, .. }
            | Param::Field { name, .. }
            | Param::OptionalSegment { name, .. }
            | Param::Segments { name, .. }
            | Param::Scope { name, .. }
            | Param::Named { name, .. } => name,
        }
    }

    /// The argument's type as shown in signatures.
    pub fn type_name(&self) -> &'static str {
        match self {
            Param::Path { .. }
            | Param::RefBody { .. }
            | Param::FormField { .. }
            | Param::Text { .. }
            | Param::OptionalSegment { .. }
            | Param::Segments { .. } => "string",
            Param::NumberPath { .. } => "string|int",
            Param::Scope { .. } | Param::Named { .. } => "string|map",
            Param::Field { .. } => "any",
            Param::Body { resource, .. } => resource.name,
            Param::SuffixFlag { .. } => "bool",
            Param::Ids { .. } => "array",
        }
    }
}

/// What the optional trailing map of an operation holds.
#[derive(Debug)]
pub enum Options {
    /// The operation takes no options.
    None,
    /// Query parameters, described as fields: `rhai` is the options-map key, `api` the
    /// query parameter, and `default` what is sent when the caller gives nothing.
    Query(&'static [Field]),
    /// The resource's mutable fields, sent as the changes of an update (laid out by the
    /// provider's envelope; IONOS: the bare properties of a PATCH).
    Update(&'static Resource),
    /// Fields of a form-encoded body (`create_snapshot`'s name and description).
    Form(&'static [Field]),
    /// The other fields of a resource, sent as one object's body together with the
    /// operation's [`Param::Field`]s (k8s clusters and node pools, group shares).
    Fields(&'static Resource),
    /// The resource's changeable fields, for APIs that only take a full PUT: the current
    /// object is read, the given fields are laid over it, and the whole is sent back, so an
    /// update changes only what it names (users, groups, shares).
    Replace(&'static Resource),
    /// Filters of a list: any field of a resource, matched by the API (`%` a wildcard in
    /// names); the list is followed to its last page.
    Filter(&'static Filter),
    /// The resource's changeable fields, for APIs whose PATCH carries only what changed and
    /// the name: the current object is read, and only fields whose values differ are sent
    /// (nothing at all when none do).
    Patch(&'static Resource),
    /// No options: the call only looks whether the object its [`Param::Named`] names exists
    /// (one object by that name, or that id), answering true or false.
    Probe,
}

/// What a kind of mutation typically takes on the real API: the median and the spread around
/// it. Each provider keeps one table of them by operation, which the emulator's realistic
/// delays draw around and waits expect before a user's own history knows better.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Typical {
    /// Half of the runs take less, half more.
    pub median: std::time::Duration,
    /// The standard deviation of the duration's logarithm (0.3: most runs within ×0.55..×1.8).
    pub spread: f64,
}

impl Typical {
    /// `median` seconds with the usual spread.
    pub const fn secs(median: u64) -> Typical {
        Typical { median: std::time::Duration::from_secs(median), spread: 0.3 }
    }
}

/// What a mutation does to the object it concerns: what a plan counts, what the emulator's
/// change engine records, and how a provider names the object's state while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Creates an object.
    Create,
    /// Changes one (an update, an attachment).
    Change,
    /// Deletes or detaches one.
    Delete,
    /// Acts on one (start, stop, restore, replace a node).
    Action,
}

/// One API operation, exposed as one Rhai function.
#[derive(Debug)]
pub struct Operation {
    /// Rhai function name, as in the classic SDK (`get_datacenter`).
    pub name: &'static str,
    /// One-line description shown in help and `ionosh functions`.
    pub doc: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the API base, with `{param}` parameters.
    pub path: &'static str,
    /// Positional arguments, in the classic SDK's order.
    pub params: &'static [Param],
    /// The optional trailing map.
    pub options: Options,
    /// Whether a successful call makes a new object the user may have to clean up; a failed
    /// run lists these.
    pub creates: bool,
}

/// A function's signature and doc line: what `ionosh functions` prints, what help shows, and
/// the metadata each registration carries.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Signature {
    /// Function name.
    pub name: String,
    /// Full signature, e.g. `get_datacenter(datacenter_id: string, options?: #{depth})`.
    pub signature: String,
    /// Parameters as `name: type`; optional ones last.
    pub params: Vec<String>,
    /// How many of `params` are required; the function is registered for every arity from
    /// this to `params.len()`.
    pub required: usize,
    /// One-line description.
    pub doc: String,
    /// For an API function, the HTTP method it sends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    /// For an API function, the path templates it sends to (the spec's, with path parameters
    /// named as the function's arguments): its path, and the variants an optional argument
    /// makes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
}

impl Signature {
    /// A signature from its parts; `optional` parameters follow the required ones.
    pub fn new(name: &str, required: &[String], optional: &[String], doc: &str) -> Self {
        let shown: Vec<String> = required
            .iter()
            .cloned()
            .chain(optional.iter().map(|p| match p.split_once(':') {
                Some((n, t)) => format!("{n}?:{t}"),
                None => format!("{p}?"),
            }))
            .collect();
        Signature {
            name: name.to_string(),
            signature: format!("{name}({})", shown.join(", ")),
            params: required.iter().chain(optional).cloned().collect(),
            required: required.len(),
            doc: doc.to_string(),
            method: None,
            paths: Vec::new(),
        }
    }
}

impl Signature {
    /// The same function reached through a namespace: `ionos::get_datacenter(...)`.
    pub fn in_namespace(&self, namespace: &str) -> Signature {
        Signature {
            name: format!("{namespace}::{}", self.name),
            signature: format!("{namespace}::{}", self.signature),
            ..self.clone()
        }
    }
}

impl Operation {
    /// The query parameters the operation sends when given no options: those of its query
    /// options that have a default (`depth=1` of an IONOS read).
    pub fn default_query(&self) -> Vec<(String, String)> {
        match &self.options {
            Options::Query(fields) => fields
                .iter()
                .filter_map(|f| f.default.map(|default| (f.api.to_string(), default.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// How many arguments a call may give: the positional ones that cannot be left out, up to
    /// all of them and the options map.
    pub fn arities(&self) -> std::ops::RangeInclusive<usize> {
        let required = self.params.iter().filter(|p| !matches!(p, Param::OptionalSegment { .. })).count();
        required..=self.params.len() + usize::from(self.has_options())
    }

    /// The path templates the operation is sent to: its path, with the suffix a
    /// [`Param::SuffixFlag`] may add, and without the segment a [`Param::OptionalSegment`] may
    /// leave out. The emulator serves each.
    pub fn templates(&self) -> Vec<String> {
        self.variants().into_iter().map(|(template, _)| template).collect()
    }

    /// Each of [`templates`](Self::templates) with the flags it sets: the suffixed path sets
    /// its [`Param::SuffixFlag`].
    pub fn variants(&self) -> Vec<(String, Vec<&'static str>)> {
        let mut variants = vec![(self.path.to_string(), Vec::new())];
        for param in self.params {
            match param {
                Param::SuffixFlag { name, suffix, .. } => {
                    variants.push((format!("{}{suffix}", self.path), vec![*name]))
                }
                Param::OptionalSegment { name, .. } => {
                    variants.push((self.path.replace(&format!("/{}", slot(name)), ""), Vec::new()))
                }
                _ => {}
            }
        }
        variants
    }

    /// Whether the operation takes an optional trailing map.
    pub fn has_options(&self) -> bool {
        !matches!(self.options, Options::None | Options::Probe)
    }

    /// Keys the options map accepts.
    pub fn option_keys(&self) -> Vec<&'static str> {
        // A field the scope argument fills is not an option (`network_id`).
        let scoped = |f: &&Field| self.params.iter().any(|p| matches!(p, Param::Scope { api, .. } if *api == f.api));
        match &self.options {
            Options::None | Options::Probe => Vec::new(),
            Options::Filter(filter) => filter.resource.fields.iter().filter(|f| !scoped(f)).map(|f| f.rhai).collect(),
            Options::Patch(resource) => resource.mutable_fields().filter(|f| !scoped(f)).map(|f| f.rhai).collect(),
            Options::Query(fields) | Options::Form(fields) => fields.iter().map(|f| f.rhai).collect(),
            Options::Update(resource) | Options::Replace(resource) => {
                resource.mutable_fields().map(|f| f.rhai).collect()
            }
            Options::Fields(resource) => {
                let settable = |f: &&Field| match self.method {
                    Method::Post => f.access != Access::ReadOnly,
                    _ => f.access == Access::ReadWrite,
                };
                resource
                    .fields
                    .iter()
                    .filter(settable)
                    .filter(|f| !scoped(f))
                    .filter(|f| !self.params.iter().any(|p| p.name() == f.rhai))
                    .map(|f| f.rhai)
                    .collect()
            }
        }
    }

    /// Whether its path names one object (it ends with a parameter) rather than a collection
    /// or an action.
    pub fn names_object(&self) -> bool {
        self.path.ends_with('}')
    }

    /// The template of the collection its path is in (an object's, or the collection itself).
    pub fn collection(&self) -> &'static str {
        if self.names_object() {
            self.path.rsplit_once('/').map_or("", |(collection, _)| collection)
        } else {
            self.path
        }
    }

    /// The resource its body or options carry, if any.
    pub fn resource(&self) -> Option<&'static Resource> {
        let body = self.params.iter().find_map(|p| match p {
            Param::Body { resource, .. } => Some(*resource),
            _ => None,
        });
        body.or(match &self.options {
            Options::Update(resource)
            | Options::Replace(resource)
            | Options::Fields(resource)
            | Options::Patch(resource) => Some(*resource),
            _ => None,
        })
    }

    /// How many leading segments of a path sent to this operation name the object it works on
    /// or within: its path up to its last parameter (the server of `…/servers/{id}/start`);
    /// for a create, the object its collection lives in. `None` when there is none (a create
    /// in a top-level collection).
    pub fn object_depth(&self) -> Option<usize> {
        let path = if self.effect() == Some(Effect::Create) {
            self.path.rsplit_once('/').map_or("", |(collection, _)| collection)
        } else {
            self.path
        };
        let end = path.rfind('}')? + 1;
        Some(path[..end].trim_start_matches('/').split('/').count())
    }

    /// The object a path sent to this operation works on or within (see
    /// [`object_depth`](Self::object_depth)): its leading segments, each value a segment of its
    /// own.
    pub fn object_path(&self, path: &str) -> Option<String> {
        let depth = self.object_depth()?;
        let path = path.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').take(depth).collect();
        (segments.len() == depth).then(|| format!("/{}", segments.join("/")))
    }

    /// What the operation does when it is a mutation (`None` for a read): a POST that makes an
    /// object creates, one that sends an id attaches (a change), any other POST is an action.
    pub fn effect(&self) -> Option<Effect> {
        match self.method {
            Method::Get => None,
            Method::Delete => Some(Effect::Delete),
            Method::Patch | Method::Put => Some(Effect::Change),
            Method::Post if self.creates => Some(Effect::Create),
            Method::Post if self.params.iter().any(|p| matches!(p, Param::RefBody { .. })) => Some(Effect::Change),
            Method::Post => Some(Effect::Action),
        }
    }

    /// The type of one of its arguments as signatures and help show it: a field given
    /// positionally has its field's type.
    pub fn param_type(&self, param: &Param) -> &'static str {
        match (param, &self.options) {
            (Param::Field { name, .. }, Options::Fields(resource)) => {
                resource.field(name).map_or(param.type_name(), |f| f.ty.short())
            }
            _ => param.type_name(),
        }
    }

    /// The operation's signature and doc line.
    pub fn signature(&self) -> Signature {
        let (optional_params, required_params): (Vec<&Param>, Vec<&Param>) =
            self.params.iter().partition(|p| matches!(p, Param::OptionalSegment { .. }));
        let shown = |p: &&Param| format!("{}: {}", p.name(), self.param_type(p));
        let required: Vec<String> = required_params.iter().map(shown).collect();
        let mut optional: Vec<String> = optional_params.iter().map(shown).collect();
        if self.has_options() {
            optional.push(format!("options: #{{{}}}", self.option_keys().join(", ")));
        }
        Signature {
            method: Some(self.method.as_str()),
            paths: self.templates(),
            ..Signature::new(self.name, &required, &optional, self.doc)
        }
    }
}

/// Where a path template takes the parameter `name`: `{name}`.
pub fn slot(name: &str) -> String {
    format!("{{{name}}}")
}

/// A value put into a path as exactly one segment: percent-encoded, so `/`, `?`, `#` and `%`
/// stay inside it. `None` for what no API object can be called and a URL would read as
/// something else: nothing, `.` or `..` (a way up, even encoded), or control characters.
pub fn segment(value: &str) -> Option<String> {
    let dots = value.trim_matches('.').is_empty();
    if value.is_empty() || dots && value.len() <= 2 || value.chars().any(char::is_control) {
        return None;
    }
    let encoded = value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    Some(encoded)
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn a_value_stays_in_its_segment() {
        assert_eq!(segment("x/../../um/users/1").as_deref(), Some("x%2F..%2F..%2Fum%2Fusers%2F1"));
        assert_eq!(segment("a?b#c%d e").as_deref(), Some("a%3Fb%23c%25d%20e"));
        assert_eq!(segment("15").as_deref(), Some("15"));
        assert_eq!(segment("...").as_deref(), Some("..."));
        for refused in ["", ".", "..", "a\nb", "a\u{7f}"] {
            assert_eq!(segment(refused), None, "{refused:?}");
        }
    }
}
