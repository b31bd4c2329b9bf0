//! Text helpers scripts need and Rhai lacks: `join(items, separator)`.

use rhai::{Array, Engine};

use super::registration;
use crate::catalog::Signature;

/// The text helpers' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![Signature::new(
        "join",
        &["items: array".into()],
        &["separator: string".into()],
        "Joins the items' texts with the separator (\", \" by default): join(ips, \", \").",
    )]
}

/// Registers `join`.
pub fn register(engine: &mut Engine) {
    let [join_sig] = <[Signature; 1]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("one signature"));
    registration(&join_sig, 1).register_into_engine(engine, |items: Array| join(&items, ", "));
    registration(&join_sig, 2).register_into_engine(engine, |items: Array, separator: &str| join(&items, separator));
}

fn join(items: &Array, separator: &str) -> String {
    items.iter().map(|item| item.to_string()).collect::<Vec<_>>().join(separator)
}
