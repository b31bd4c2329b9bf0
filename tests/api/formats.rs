//! YAML and CSV in scripts: what `to_yaml`/`to_csv` write reads back with
//! `parse_yaml`/`parse_csv`, and bad input is an error naming where.

#[test]
fn yaml_and_csv_round_trip_and_bad_input_names_where() {
    let world = crate::world::World::start(5);
    let out = world.json(
        r#"
        let rows = [#{ name: "web", ip: "203.0.113.10", tags: ["a", "b"] }, #{ name: "db, primary", port: 5432 }];
        let csv = to_csv(rows);
        let back = parse_csv(csv);
        let doc = #{ zone: "example.com", records: [#{ name: "www", ttl: 300 }] };
        let yaml = to_yaml(doc);
        let bad = ();
        try { parse_yaml("a: [1, 2"); } catch (e) { bad = e.message; }
        #{
            csv: csv, picked: to_csv(rows, ["name", "port"]), back: back,
            yaml: yaml, same: parse_yaml(yaml) == doc, bad: bad,
        }
        "#,
    );
    assert_eq!(out["csv"], "ip,name,tags,port\n203.0.113.10,web,\"[\"\"a\"\",\"\"b\"\"]\",\n,\"db, primary\",,5432\n");
    assert_eq!(out["picked"], "name,port\nweb,\n\"db, primary\",5432\n");
    assert_eq!(out["back"][1]["name"], "db, primary");
    assert_eq!(out["back"][1]["port"], "5432", "CSV cells are text");
    assert_eq!(out["yaml"], "records:\n- name: www\n  ttl: 300\nzone: example.com\n");
    assert_eq!(out["same"], true);
    assert!(
        out["bad"].as_str().is_some_and(|m| m.starts_with("parse_yaml: invalid YAML") && m.contains("line 2 column 1")),
        "{out}"
    );
}
