//! Zone files in the BIND format the DNS API exports and imports: `$ORIGIN` and `$TTL`
//! directives, then one record per line (`name ttl IN type data`), names relative to the
//! origin (`@` for the zone itself), MX, SRV and URI data led by the priority.

use serde_json::{json, Map, Value};

/// The record types whose data the priority leads.
const PRIORITISED: [&str; 3] = ["MX", "SRV", "URI"];

/// The zone file of zone `zone` holding `records` (their properties).
pub fn render(zone: &str, records: &[&Map<String, Value>]) -> String {
    let mut text = format!("$ORIGIN {zone}.\n$TTL 3600\n");
    for record in records {
        let field = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or_default();
        let name = match field("name") {
            "" => "@",
            name => name,
        };
        let ttl = record.get("ttl").and_then(Value::as_i64).unwrap_or(3600);
        let kind = field("type");
        let data = match record.get("priority").and_then(Value::as_i64) {
            Some(priority) if PRIORITISED.contains(&kind) => format!("{priority} {}", field("content")),
            _ => field("content").to_string(),
        };
        text.push_str(&format!("{name}\t{ttl}\tIN\t{kind}\t{data}\n"));
    }
    text
}

/// The records of a zone file for zone `zone`, as record properties; an error names the line.
/// The zone's own SOA and NS records are IONOS' and are skipped, as the API does.
pub fn parse(zone: &str, text: &str) -> Result<Vec<Map<String, Value>>, String> {
    let zone = zone.trim_end_matches('.').to_ascii_lowercase();
    let mut origin = zone.clone();
    let mut default_ttl = 3600;
    let mut records = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split(';').next().unwrap_or_default().trim();
        let at = index + 1;
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[0].to_ascii_uppercase().as_str() {
            "$ORIGIN" => {
                origin = words
                    .get(1)
                    .ok_or(format!("line {at}: $ORIGIN without a name"))?
                    .trim_end_matches('.')
                    .to_ascii_lowercase();
                continue;
            }
            "$TTL" => {
                default_ttl =
                    words.get(1).and_then(|t| t.parse().ok()).ok_or(format!("line {at}: $TTL needs seconds"))?;
                continue;
            }
            _ => {}
        }
        let mut rest = &words[1..];
        let mut ttl = default_ttl;
        if let Some(given) = rest.first().and_then(|t| t.parse::<i64>().ok()) {
            ttl = given;
            rest = &rest[1..];
        }
        if rest.first().is_some_and(|w| w.eq_ignore_ascii_case("IN")) {
            rest = &rest[1..];
        }
        let (kind, data) = rest.split_first().ok_or(format!("line {at}: no record type: '{line}'"))?;
        let kind = kind.to_ascii_uppercase();
        if data.is_empty() {
            return Err(format!("line {at}: a {kind} record without data"));
        }
        let name = relative(words[0], &origin, &zone);
        if name.is_empty() && matches!(kind.as_str(), "SOA" | "NS") {
            continue;
        }
        let mut record = Map::new();
        record.insert("name".into(), name.into());
        record.insert("type".into(), kind.clone().into());
        if PRIORITISED.contains(&kind.as_str()) {
            let priority: i64 =
                data[0].parse().map_err(|_| format!("line {at}: a {kind} record starts with its priority"))?;
            record.insert("priority".into(), json!(priority));
            record.insert("content".into(), data[1..].join(" ").into());
        } else {
            record.insert("content".into(), data.join(" ").into());
        }
        record.insert("ttl".into(), json!(ttl));
        record.insert("enabled".into(), json!(true));
        records.push(record);
    }
    Ok(records)
}

/// A record name relative to the zone: `@` and the zone itself are empty.
fn relative(name: &str, origin: &str, zone: &str) -> String {
    let absolute = if name == "@" {
        origin.to_string()
    } else if let Some(full) = name.strip_suffix('.') {
        full.to_ascii_lowercase()
    } else {
        format!("{}.{origin}", name.to_ascii_lowercase())
    };
    if absolute == zone {
        String::new()
    } else {
        absolute.strip_suffix(&format!(".{zone}")).unwrap_or(&absolute).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exported_zone_file_imports_to_the_same_records() {
        let text = "$ORIGIN example.com.\n$TTL 600\n@ IN SOA ns a 1 2 3 4 5\nwww 300 IN A 203.0.113.10 ; web\n@ MX 10 mx.example.com.\nmail.example.com. IN AAAA 2001:db8::1\n";
        let records = parse("example.com", text).expect("parses");
        assert_eq!(records.len(), 3);
        assert_eq!(records[0]["name"], "www");
        assert_eq!(records[0]["ttl"], 300);
        assert_eq!(records[1]["name"], "");
        assert_eq!(records[1]["priority"], 10);
        assert_eq!(records[1]["ttl"], 600);
        assert_eq!(records[2]["name"], "mail");
        let again = parse("example.com", &render("example.com", &records.iter().collect::<Vec<_>>())).expect("parses");
        assert_eq!(again, records);
    }

    #[test]
    fn a_bad_line_is_named() {
        let error = parse("example.com", "www 300 IN MX mx.example.com.").expect_err("no priority");
        assert!(error.starts_with("line 1:"), "{error}");
    }
}
