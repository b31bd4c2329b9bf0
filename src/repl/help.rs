//! `:help` text, generated from the same [`Signature`]s `ionosh functions` prints and from the
//! catalog's operation and resource descriptions, so a function added to the catalog is
//! documented here with no further work: its signature, its arguments with their types and
//! allowed values, the fields of a resource it takes, and an example call.

use std::fmt::Write;

use crate::catalog::{
    Access, Field, FieldType, Method, Operation, Options, Param, Presence, Resource, Rule, Signature,
};
use crate::provider::Provider;

/// The overview `:help` prints: the built-in functions with their doc lines, each provider's
/// functions as one line saying how many and how to list them (`:help nf`), then the REPL's
/// commands. A provider's global functions are listed once, under its namespace.
pub fn overview(functions: &[Signature], providers: &[&Provider]) -> String {
    let provided = |s: &&Signature| {
        let plain = s.name.split_once("::").map_or(s.name.as_str(), |(_, name)| name);
        providers.iter().any(|p| p.catalog.operation(plain).is_some() || p.catalog.resource(plain).is_some())
    };
    let builtins: Vec<&Signature> = functions.iter().filter(|s| !provided(s) && !s.name.contains("::")).collect();
    let width = builtins.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = String::from("Built-in functions (:help NAME for arguments and an example):\n");
    for s in &builtins {
        let _ = writeln!(out, "  {:width$}  {}", s.name, s.doc);
    }
    out.push_str(
        "\nAPI functions (:help PREFIX lists those whose names start with it: :help nf::create, :help list_):\n",
    );
    for provider in providers {
        let count = provider.catalog.operations().count() + provider.catalog.resources().count();
        let plain = if provider.global { ", also by their plain names" } else { "" };
        let _ = writeln!(out, "  :help {:<8} {count} functions of {}{plain}", provider.name, provider.title);
    }
    out.push_str(
        "\nCommands:\n  :help [NAME]    this overview, one function in detail, or the functions a prefix starts\n  \
         :vars           the variables in scope and their types\n  \
         :load FILE      run a script into this session (its variables, functions and imports stay)\n  \
         :more           all of the last output that was cut to fit the screen\n  \
         :trace on|off   show every HTTP exchange on stderr\n  \
         :quit           leave (Ctrl-D too)\n\n\
         Tab completes functions (images::<Tab> too), variables, map keys (dcs.items[0].<Tab>) and the keys\n\
         of a function's map (Server(#{ co<Tab>); a trailing ; keeps an entry's value to itself; imports stay\n\
         for later entries; Ctrl-C stops the running entry.",
    );
    out
}

/// The help of `name`: one function in detail (see [`function`]), or the functions a prefix
/// starts (see [`prefixed`]); `None` when it is neither.
pub fn named(functions: &[Signature], name: &str, providers: &[&Provider]) -> Option<String> {
    match functions.iter().find(|s| s.name == name) {
        Some(signature) => Some(function(signature, providers)),
        None => prefixed(functions, name),
    }
}

/// The functions whose names start with `prefix`, one line each with its doc: a namespace
/// (`nf`: all of its functions), a namespaced prefix (`nf::create`) or one ending in `_`
/// (`list_`); `None` for anything else (a plain name is a function's, or a typo) or when
/// none does.
pub fn prefixed(functions: &[Signature], prefix: &str) -> Option<String> {
    let namespace = format!("{prefix}::");
    let wanted = if functions.iter().any(|s| s.name.starts_with(&namespace)) {
        namespace
    } else if prefix.contains("::") || prefix.ends_with('_') {
        prefix.to_string()
    } else {
        return None;
    };
    let matching: Vec<&Signature> = functions.iter().filter(|s| s.name.starts_with(&wanted)).collect();
    if matching.is_empty() {
        return None;
    }
    let width = matching.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = format!("{} function(s) starting with '{prefix}' (:help NAME for one in detail):\n", matching.len());
    for s in matching {
        let _ = writeln!(out, "  {:width$}  {}", s.name, s.doc);
    }
    Some(out)
}

/// The detailed help of one function: its signature and doc, then, for API operations and
/// constructors (by their plain or namespaced name), the arguments, options and resource
/// fields from the provider's catalog, and an example.
pub fn function(signature: &Signature, providers: &[&Provider]) -> String {
    let mut out = format!("{}\n  {}\n", signature.signature, signature.doc);
    let (namespace, name) = match signature.name.split_once("::") {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, signature.name.as_str()),
    };
    let candidates = providers.iter().filter(|p| namespace.is_none_or(|n| n == p.name));
    // Functions of a provider that keeps no global names are called through its namespace.
    let qualified = |p: &Provider| if p.global { String::new() } else { format!("{}::", p.name) };
    let (op, resource) = candidates.fold((None, None), |(op, resource), p| {
        (
            op.or_else(|| p.catalog.operation(name).map(|o| (o, qualified(p)))),
            resource.or_else(|| p.catalog.resource(name).map(|r| (r, qualified(p)))),
        )
    });
    if let Some((op, qualifier)) = op {
        operation(&mut out, op, &qualifier);
    } else if let Some((resource, qualifier)) = resource {
        out.push_str("\nFields:\n");
        fields(&mut out, resource.fields.iter().filter(|f| f.access != Access::ReadOnly));
        let _ = write!(out, "\nExample:\n  let body = {qualifier}{};\n", construct(resource));
    }
    out
}

fn operation(out: &mut String, op: &Operation, qualifier: &str) {
    let _ = writeln!(out, "  {} {}", op.method.as_str(), op.path);
    if !op.params.is_empty() {
        out.push_str("\nArguments:\n");
        let width = op.params.iter().map(|p| p.name().len() + op.param_type(p).len() + 2).max().unwrap_or(0);
        for param in op.params {
            let declared = format!("{}: {}", param.name(), op.param_type(param));
            match param {
                Param::Path { doc, .. }
                | Param::NumberPath { doc, .. }
                | Param::SuffixFlag { doc, .. }
                | Param::RefBody { doc, .. }
                | Param::Ids { doc, .. }
                | Param::FormField { doc, .. }
                | Param::Text { doc, .. }
                | Param::Field { doc, .. }
                | Param::Segments { doc, .. } => {
                    let _ = writeln!(out, "  {declared:width$}  {doc}");
                }
                Param::Scope { lookup, .. } => {
                    let noun = lookup.noun;
                    let _ =
                        writeln!(out, "  {declared:width$}  the {noun} it works within: its id, name or the {noun}");
                }
                Param::Named { lookup, .. } => {
                    let noun = lookup.noun;
                    let _ = writeln!(out, "  {declared:width$}  the {noun}: its id, name or the {noun} itself");
                }
                Param::OptionalSegment { doc, .. } => {
                    let _ = writeln!(out, "  {declared:width$}  {doc} (may be left out)");
                }
                Param::Body { resource, .. } => {
                    let _ = writeln!(
                        out,
                        "  {declared:width$}  {} (built with {qualifier}{}(#{{...}}) or given as a plain map). Fields:",
                        resource.doc, resource.name
                    );
                    fields(out, resource.fields.iter().filter(|f| f.access != Access::ReadOnly));
                }
            }
        }
    }
    match &op.options {
        Options::None | Options::Probe => {}
        Options::Filter(filter) => {
            out.push_str("\nFilters (a trailing map, all optional; text ignores case, % is a wildcard):\n");
            let keys = op.option_keys();
            fields(out, filter.resource.fields.iter().filter(|f| keys.contains(&f.rhai)));
        }
        Options::Patch(resource) => {
            out.push_str("\nChanges (a trailing map; only what differs is sent):\n");
            let keys = op.option_keys();
            changes(out, resource.mutable_fields().filter(|f| keys.contains(&f.rhai)));
        }
        Options::Query(query) => {
            out.push_str("\nOptions (a trailing map, all optional):\n");
            fields(out, query.iter());
        }
        Options::Update(resource) | Options::Replace(resource) => {
            out.push_str("\nChanges (a trailing map; give at least one):\n");
            changes(out, resource.mutable_fields());
        }
        Options::Form(form) => {
            out.push_str("\nOptions (a trailing map, all optional):\n");
            fields(out, form.iter());
        }
        Options::Fields(resource) => {
            out.push_str("\nOptions (a trailing map):\n");
            let keys = op.option_keys();
            fields(out, resource.fields.iter().filter(|f| keys.contains(&f.rhai)));
        }
    }
    let _ = write!(out, "\nExample:\n  {}\n", example(op, qualifier));
}

/// One line per field: Rhai name, type, whether required, its rule, default and doc.
fn fields<'a>(out: &mut String, fields: impl Iterator<Item = &'a Field>) {
    listed(out, fields, true);
}

/// One line per field of a change, where none is required (only what changes is given).
fn changes<'a>(out: &mut String, fields: impl Iterator<Item = &'a Field>) {
    listed(out, fields, false);
}

fn listed<'a>(out: &mut String, fields: impl Iterator<Item = &'a Field>, creating: bool) {
    let fields: Vec<&Field> = fields.collect();
    let width = fields.iter().map(|f| f.rhai.len()).max().unwrap_or(0);
    for field in fields {
        let _ = writeln!(out, "    {:width$}  {}", field.rhai, describe(field, creating));
    }
}

/// A field's type and constraints in words, e.g. `string, required, create-only; the name`
/// (`required` only where the field is given to create).
fn describe(field: &Field, creating: bool) -> String {
    let mut parts = vec![field.ty.describe()];
    if creating && field.presence == Presence::Required {
        parts.push("required".into());
    }
    if field.access == Access::CreateOnly {
        parts.push("create-only".into());
    }
    match field.rule {
        Rule::None => {}
        Rule::Range(min, max) if max == i64::MAX => parts.push(format!("≥ {min}")),
        Rule::Range(min, max) => parts.push(format!("{min}..{max}")),
        Rule::Pattern(pattern) => parts.push(pattern.shape.into()),
        Rule::MultipleOf { step, min } => parts.push(format!("multiple of {step}, ≥ {min}")),
        Rule::Ipv4 => parts.push("IPv4".into()),
        Rule::Mac => parts.push("MAC aa:bb:cc:dd:ee:ff".into()),
        Rule::Secret { max: usize::MAX, alphabet, .. } => parts.push(format!("characters of {alphabet}")),
        Rule::Secret { min, max, alphabet } => parts.push(format!("{min}–{max} characters of {alphabet}")),
    }
    if let Some(default) = field.default {
        parts.push(format!("default {default}"));
    }
    format!("{}; {}", parts.join(", "), field.doc)
}

/// An example call of an operation, with stand-in ids and a valid body.
fn example(op: &Operation, qualifier: &str) -> String {
    let args: Vec<String> = op
        .params
        .iter()
        .map(|param| match param {
            Param::Path { name, .. }
            | Param::RefBody { name, .. }
            | Param::FormField { name, .. }
            | Param::Text { name, .. }
            | Param::OptionalSegment { name, .. }
            | Param::Segments { name, .. }
            | Param::Scope { name, .. }
            | Param::Named { name, .. } => format!("\"<{name}>\""),
            Param::NumberPath { .. } => "1".into(),
            Param::Ids { name, .. } => format!("[\"<{}>\"]", name.trim_end_matches("_ids").to_string() + "_id"),
            Param::SuffixFlag { .. } => "true".into(),
            Param::Body { resource, .. } => format!("{qualifier}{}", construct(resource)),
            Param::Field { name, .. } => match &op.options {
                Options::Fields(resource) => resource.field(name).map_or("()".into(), |f| sample(f, resource.api_type)),
                _ => "()".into(),
            },
        })
        .chain(match &op.options {
            Options::None => None,
            Options::Query(query) => query.first().map(|f| format!("#{{ {}: {} }}", f.rhai, sample(f, ""))),
            Options::Update(resource) | Options::Replace(resource) | Options::Patch(resource) => {
                resource.mutable_fields().next().map(|f| format!("#{{ {}: {} }}", f.rhai, sample(f, resource.api_type)))
            }
            Options::Form(form) => form.first().map(|f| format!("#{{ {}: {} }}", f.rhai, sample(f, "snapshot"))),
            Options::Fields(resource) if op.method == Method::Post => {
                // What a create must be given beyond its positional arguments.
                let keys = op.option_keys();
                let required: Vec<String> = resource
                    .fields
                    .iter()
                    .filter(|f| f.presence == Presence::Required && keys.contains(&f.rhai))
                    .map(|f| format!("{}: {}", f.rhai, sample(f, resource.api_type)))
                    .collect();
                (!required.is_empty()).then(|| format!("#{{ {} }}", required.join(", ")))
            }
            Options::Filter(filter) => {
                let subject = filter.resource.api_type;
                filter.resource.field("name").map(|f| format!("#{{ {}: {} }}", f.rhai, sample(f, subject)))
            }
            Options::Fields(_) | Options::Probe => None,
        })
        .collect();
    let call = format!("{qualifier}{}({})", op.name, args.join(", "));
    if op.method == Method::Get {
        format!("let result = {call};")
    } else {
        format!("let response = {call};\n  wait_for_completion(response);")
    }
}

/// A constructor call with the resource's name, every field a script must give, and those
/// the resource's cross-field checks then ask for, so the example builds.
fn construct(resource: &Resource) -> String {
    // A load balancer's own addresses are shown too: its rules listen on one of them.
    let listens = resource.name.ends_with("LoadBalancer");
    let shown = |f: &&Field| f.presence != Presence::Optional || f.rhai == "name" || (listens && f.rhai == "ips");
    let mut chosen: Vec<&Field> = resource.fields.iter().filter(shown).collect();
    // Nothing required and no name: the first few plain fields, so the example shows some.
    if chosen.is_empty() {
        let plain = |f: &&Field| {
            f.access != Access::ReadOnly && !f.ty.is_entity() && sample_json(f, resource.api_type).is_some()
        };
        chosen = resource.fields.iter().filter(plain).take(3).collect();
    }
    for _ in 0..resource.fields.len() {
        let given: serde_json::Map<String, serde_json::Value> =
            chosen.iter().filter_map(|f| sample_json(f, resource.api_type).map(|v| (f.rhai.to_string(), v))).collect();
        match resource.normalize(&given, crate::catalog::Mode::Build) {
            Err(error) => match resource.field(&error.rhai) {
                Some(field) if !chosen.iter().any(|c| c.rhai == field.rhai) => chosen.push(field),
                _ => break,
            },
            Ok(_) => break,
        }
    }
    let fields: Vec<String> = chosen.iter().map(|f| format!("{}: {}", f.rhai, sample(f, resource.api_type))).collect();
    format!("{}(#{{ {} }})", resource.name, fields.join(", "))
}

/// A sample value as JSON, when it is written as JSON would be (`#{}` is `{}`).
fn sample_json(field: &Field, subject: &str) -> Option<serde_json::Value> {
    let text = sample(field, subject).replace("#{", "{");
    serde_json::from_str(&text).ok()
}

/// A valid sample value of a field of a `subject` (e.g. `datacenter`), as Rhai source: what
/// only the user knows (another object's id, one of their public addresses) is a stand-in
/// such as `"<datacenter_id>"` or `"<public_ip>"`, as the arguments are.
fn sample(field: &Field, subject: &str) -> String {
    if let Some(example) = field.example {
        return example.to_string();
    }
    match (field.ty, field.rule) {
        (_, Rule::Pattern(pattern)) => format!("\"{}\"", pattern.example),
        (_, Rule::MultipleOf { min, .. }) => min.to_string(),
        (FieldType::Str, Rule::Ipv4) => "\"192.168.1.10\"".into(),
        (FieldType::Str, Rule::Mac) => "\"02:01:0a:0b:0c:0d\"".into(),
        (FieldType::Str, Rule::Secret { .. }) => "\"<password>\"".into(),
        (FieldType::Int, Rule::Range(min, _)) => field.default.unwrap_or(&min.to_string()).to_string(),
        (FieldType::Int | FieldType::NumericId, _) => field.default.unwrap_or("1").to_string(),
        (FieldType::Bool, _) => "true".into(),
        (FieldType::Enum(values), _) => format!("\"{}\"", values.first().unwrap_or(&"")),
        (FieldType::StrList, _) if field.rhai.ends_with("ips") => "[\"<public_ip>\"]".into(),
        (FieldType::StrList | FieldType::Children(_) | FieldType::IdList | FieldType::Maps | FieldType::RefList, _) => {
            "[]".into()
        }
        (FieldType::Json | FieldType::Map, _) => "#{}".into(),
        (FieldType::Reference, _) => format!("\"<{}>\"", field.rhai),
        (FieldType::Str, _) if field.rhai.ends_with("_id") => format!("\"<{}>\"", field.rhai),
        (FieldType::Str, _) if field.rhai.ends_with("_ip") => "\"<public_ip>\"".into(),
        (FieldType::Str, _) if field.rhai.ends_with("subnet") => "\"10.0.1.0/24\"".into(),
        (FieldType::Str, _) if field.rhai == "cpu_family" => "\"INTEL_SKYLAKE\"".into(),
        (FieldType::Str, _) if field.rhai == "email" => "\"ops@example.com\"".into(),
        (FieldType::Str, _) if field.rhai == "location" => "\"de/fra\"".into(),
        (FieldType::Str, _) if field.rhai == "name" => format!("\"my-{subject}\""),
        (FieldType::Str, _) => format!("\"my-{}\"", field.rhai.replace('_', "-")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_example_builds_an_empty_object() {
        for provider in crate::provider::ALL {
            for op in provider.catalog.operations() {
                let shown = example(op, "");
                assert!(!shown.contains("(#{  })"), "{}: {shown}", op.name);
            }
        }
    }
}
