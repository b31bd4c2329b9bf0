//! Lists as the NetFoundry API answers them: filtered by the query parameters that name a
//! field of what is listed (others are ignored, as the API does: the Python module leaks
//! parameters of earlier calls into later ones), sorted (`sort=name,asc`, repeatable),
//! and paged (`page` from 0, `size`) in a HAL envelope: `_embedded.<key>` (left out when
//! empty), `_links.self` and `page`. The identity API answers plain arrays, the roles a
//! Spring page (`content`).

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

use crate::list_filter::matches;

use crate::sim::Call;

/// The core API's media type.
pub const HAL: &str = "application/hal+json";

/// The query parameters that page and sort a list.
const PAGING: &[&str] = &["page", "size", "sort"];

/// The most items one page holds.
const LARGEST_PAGE: usize = 5000;

/// The items whose fields match every query parameter naming one of `fields`; a parameter
/// given several times matches any of its values.
pub fn filtered(call: &Call, items: Vec<Value>, fields: &[&str]) -> Vec<Value> {
    let filters: Vec<(&str, Vec<&str>)> = fields
        .iter()
        // The paging parameters page the list, even where a field has their name (a
        // network's size).
        .filter(|field| !PAGING.contains(field))
        .map(|field| {
            let values = call.query.iter().filter(|(k, _)| k == field).map(|(_, v)| v.as_str()).collect();
            (*field, values)
        })
        .filter(|(_, values): &(&str, Vec<&str>)| !values.is_empty())
        .collect();
    items
        .into_iter()
        .filter(|item| {
            filters.iter().all(|(field, values)| {
                let value = item.get(*field).unwrap_or(&Value::Null);
                values.iter().any(|wanted| matches(value, wanted))
            })
        })
        .collect()
}

/// Sorts by each `sort=<field>,<asc|desc>` in turn (nulls last), then by id.
pub fn sorted(call: &Call, mut items: Vec<Value>) -> Vec<Value> {
    let keys: Vec<(String, bool)> = call
        .query
        .iter()
        .filter(|(k, _)| k == "sort")
        .map(|(_, v)| {
            let (field, order) = v.split_once(',').unwrap_or((v, "asc"));
            (field.trim().to_string(), !order.trim().eq_ignore_ascii_case("desc"))
        })
        .collect();
    let compare = |a: &Value, b: &Value| -> Ordering {
        match (a, b) {
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Greater,
            (_, Value::Null) => Ordering::Less,
            (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
            (Value::Number(x), Value::Number(y)) => {
                x.as_f64().unwrap_or_default().partial_cmp(&y.as_f64().unwrap_or_default()).unwrap_or(Ordering::Equal)
            }
            (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
            _ => a.to_string().cmp(&b.to_string()),
        }
    };
    items.sort_by(|a, b| {
        let null = Value::Null;
        keys.iter()
            .map(|(field, ascending)| {
                let order = compare(a.get(field).unwrap_or(&null), b.get(field).unwrap_or(&null));
                if *ascending {
                    order
                } else {
                    order.reverse()
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or_else(|| compare(a.get("id").unwrap_or(&null), b.get("id").unwrap_or(&null)))
    });
    items
}

/// The page the query asks for (`page` from 0, `size` from 1, 20 by default, as Spring
/// pages), with the paging figures.
fn paged(call: &Call, items: Vec<Value>) -> (Vec<Value>, Value) {
    let number = |name: &str, default: usize| {
        call.query_param(name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(default)
    };
    let size = number("size", 20).clamp(1, LARGEST_PAGE);
    let page = number("page", 0);
    let total = items.len();
    let pages = total.div_ceil(size);
    let items: Vec<Value> = items.into_iter().skip(page.saturating_mul(size)).take(size).collect();
    let figures = json!({ "size": size, "totalElements": total, "totalPages": pages, "number": page });
    (items, figures)
}

/// A HAL page of `items` under `_embedded.<key>`, filtered on `fields`, sorted and paged.
pub fn page(call: &Call, key: &str, items: Vec<Value>, fields: &[&str]) -> Value {
    let items = sorted(call, filtered(call, items, fields));
    let (items, figures) = paged(call, items);
    let mut body = Map::new();
    if !items.is_empty() {
        body.insert("_embedded".into(), json!({ key: items }));
    }
    body.insert("_links".into(), json!({ "self": { "href": self_href(&call.api, &call.path, &call.query) } }));
    body.insert("page".into(), figures);
    Value::Object(body)
}

/// The link to the list at `path` under `api` with `query`, its parameters encoded as a
/// form's (`name=web%25` for `web%`).
fn self_href(api: &str, path: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return format!("{api}{path}");
    }
    let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish();
    format!("{api}{path}?{query}")
}

/// A plain array of `items`, filtered on `fields` (the identity API's lists).
pub fn plain(call: &Call, items: Vec<Value>, fields: &[&str]) -> Value {
    Value::Array(sorted(call, filtered(call, items, fields)))
}

/// The roles as a Spring page: `nameLike` and `descriptionLike` match parts of the name and
/// description.
pub fn roles(call: &Call, items: Vec<Value>) -> Value {
    let part = |name: &str| call.query_param(name).filter(|v| !v.is_empty()).map(|v| format!("%{v}%"));
    let (name, description) = (part("nameLike"), part("descriptionLike"));
    let items: Vec<Value> = items
        .into_iter()
        .filter(|item| name.as_deref().is_none_or(|n| matches(item.get("name").unwrap_or(&Value::Null), n)))
        .filter(|item| {
            description.as_deref().is_none_or(|d| matches(item.get("description").unwrap_or(&Value::Null), d))
        })
        .collect();
    let (items, figures) = paged(call, sorted(call, items));
    let mut body = figures.as_object().cloned().unwrap_or_default();
    body.insert("content".into(), Value::Array(items));
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_self_link_encodes_the_query_and_reads_back_as_it() {
        let query: Vec<(String, String)> =
            [("name", "web%"), ("name", "50%25"), ("name", "my app&co"), ("sort", "name,asc")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let href = self_href("http://127.0.0.1:8080", "/core/v2/endpoints", &query);
        let parsed = url::Url::parse(&href).expect("a valid URL");
        assert_eq!(parsed.path(), "/core/v2/endpoints");
        let back: Vec<(String, String)> = parsed.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        assert_eq!(back, query, "{href}");
        assert!(!href.contains(' ') && !href.contains("%&"), "{href}");
        assert_eq!(self_href("http://h", "/core/v2/networks", &[]), "http://h/core/v2/networks");
    }
}
