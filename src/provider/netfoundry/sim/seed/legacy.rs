//! NetFoundry objects as emulators before the shared change engine stored them: under
//! `nf/<collection>/<id>`, each with its last workflow in a `_life` property, and executions
//! of their own. A state file from then is brought over when the emulator starts: each object
//! moves to its collection's path with what its last workflow left (deleted, failed, never
//! up), and the old executions are dropped (their changes ended long ago).

use serde::Deserialize;

use crate::provider::netfoundry::sim::kinds::KINDS;
use crate::sim::{ErrorReply, World};

/// Where the old objects were stored.
const OLD_ROOT: &str = "nf";

/// What the old workflows recorded that is still worth knowing.
#[derive(Debug, Deserialize)]
struct Life {
    /// `create`, `update` or `delete`.
    work: String,
    /// When it ended.
    end: i64,
    /// Why it failed, if it did.
    failure: Option<String>,
    /// When the object came up (none: it never did).
    up_at: Option<i64>,
}

/// Brings every old object over; nothing to do when there are none.
pub fn bring_over(world: &mut World) -> Result<(), ErrorReply> {
    let executions = format!("{OLD_ROOT}/executions");
    let old: Vec<(String, crate::sim::StoredObject)> =
        world.store().children(&executions).into_iter().map(|(p, e)| (p.to_string(), e.clone())).collect();
    for (path, _) in old {
        world.remove(&path)?;
    }
    for kind in KINDS {
        let collection = format!("{OLD_ROOT}/{}", kind.collection);
        let old: Vec<(String, crate::sim::StoredObject)> =
            world.store().children(&collection).into_iter().map(|(p, e)| (p.to_string(), e.clone())).collect();
        for (path, mut entry) in old {
            let life = entry.properties.remove("_life").and_then(|l| serde_json::from_value::<Life>(l).ok());
            if let Some(life) = life {
                let meta = &mut entry.meta;
                match (life.work.as_str(), &life.failure) {
                    ("delete", None) => meta.deleted_ms = Some(life.end),
                    (_, Some(why)) => meta.failure = Some(why.clone()),
                    _ if life.up_at.is_none() => meta.failure = Some("it never came up".into()),
                    _ => {}
                }
                meta.stillborn = life.up_at.is_none();
            }
            world.remove(&path)?;
            world.insert(&kind.path(&entry.id.clone()), entry)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Author, Db, Meta, StoredObject};
    use serde_json::{json, Map, Value};

    fn old(world: &mut World, collection: &str, id: &str, life: Value) {
        let author = Author { name: "me".into(), id: "1".into() };
        let mut properties = Map::new();
        properties.insert("name".into(), json!(id));
        properties.insert("_life".into(), life);
        let entry = StoredObject::new(collection, id, Meta::new(&author, 0), properties);
        world.insert(&format!("nf/{collection}/{id}"), entry).expect("stored");
    }

    #[test]
    fn old_objects_move_with_what_their_last_workflow_left() {
        let db = Db::in_memory().expect("db");
        let mut world = World::new(db.checkout().expect("conn"));
        let life = |work: &str, failure: Option<&str>, up: Option<i64>| json!({ "work": work, "start": 0, "end": 10, "failure": failure, "execution": "x", "up_at": up });
        old(&mut world, "networks", "n1", life("create", None, Some(10)));
        old(&mut world, "endpoints", "e1", life("delete", None, Some(5)));
        old(&mut world, "endpoints", "e2", life("create", Some("boom"), None));
        old(&mut world, "executions", "x", json!({}));
        bring_over(&mut world).expect("brought over");
        let meta = |path: &str| world.store().get(path).map(|e| (e.meta.clone(), e.properties.contains_key("_life")));
        let (network, life_kept) = meta("core/v2/networks/n1").expect("moved");
        assert!(network.failure.is_none() && network.deleted_ms.is_none() && !life_kept);
        assert_eq!(meta("core/v2/endpoints/e1").map(|(m, _)| m.deleted_ms), Some(Some(10)));
        let (failed, _) = meta("core/v2/endpoints/e2").expect("moved");
        assert_eq!((failed.failure.as_deref(), failed.stillborn), (Some("boom"), true));
        assert!(world.store().get("nf/executions/x").is_none() && world.store().get("nf/networks/n1").is_none());
    }
}
