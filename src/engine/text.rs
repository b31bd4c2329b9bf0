//! Text helpers scripts need and Rhai lacks: `join(items, separator)`, and base64 for the
//! fields APIs want encoded (a volume's cloud-init `user_data`).

use base64::Engine as _;
use rhai::{Array, Engine, EvalAltResult};

use super::{errors, registration};
use crate::catalog::Signature;

/// The text helpers' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "join",
            &["items: array".into()],
            &["separator: string".into()],
            "Joins the items' texts with the separator (\", \" by default): join(ips, \", \").",
        ),
        Signature::new(
            "to_base64",
            &["text: string".into()],
            &[],
            "The text's UTF-8 bytes in base64 (a volume's cloud-init user_data wants it so).",
        ),
        Signature::new(
            "from_base64",
            &["text: string".into()],
            &[],
            "The text base64 encodes (standard alphabet, padding optional); throws when it is not base64 of UTF-8 text.",
        ),
    ]
}

/// Registers `join`, `to_base64` and `from_base64`.
pub fn register(engine: &mut Engine) {
    let [join_sig, to_sig, from_sig] =
        <[Signature; 3]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("three signatures"));
    registration(&join_sig, 1).register_into_engine(engine, |items: Array| join(&items, ", "));
    registration(&join_sig, 2).register_into_engine(engine, |items: Array, separator: &str| join(&items, separator));
    registration(&to_sig, 1)
        .register_into_engine(engine, |text: &str| base64::engine::general_purpose::STANDARD.encode(text));
    registration(&from_sig, 1).register_into_engine(engine, from_base64);
}

fn join(items: &Array, separator: &str) -> String {
    items.iter().map(|item| item.to_string()).collect::<Vec<_>>().join(separator)
}

fn from_base64(text: &str) -> Result<String, Box<EvalAltResult>> {
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(text.trim().trim_end_matches('='))
        .map_err(|e| errors::usage("from_base64", format!("not base64: {e}")))?;
    String::from_utf8(bytes).map_err(|_| errors::usage("from_base64", "the decoded bytes are not UTF-8 text"))
}
