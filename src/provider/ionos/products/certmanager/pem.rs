//! What the Certificate Manager checks of an uploaded certificate, and what it shows of one:
//! the certificate is one PEM certificate that parses, the chain PEM certificates of which
//! the first issued it, and the private key a PEM key (PKCS#8, PKCS#1 RSA or SEC1 EC) whose
//! public part is the certificate's. Shown: validity, serial number, names.

use serde_json::{json, Map, Value};
use x509_parser::der_parser::ber::{BerObject, BerObjectContent};
use x509_parser::der_parser::parse_der;
use x509_parser::pem::Pem;
use x509_parser::prelude::{GeneralName, ParsedExtension, X509Certificate};
use x509_parser::public_key::PublicKey;

/// A property refused, and why.
pub type Refusal = (&'static str, String);

/// The PEM blocks of a text.
fn blocks(field: &'static str, text: &str) -> Result<Vec<Pem>, Refusal> {
    let found: Result<Vec<Pem>, _> = Pem::iter_from_buffer(text.as_bytes()).collect();
    match found {
        Ok(blocks) if !blocks.is_empty() => Ok(blocks),
        Ok(_) => Err((field, "holds no PEM block (-----BEGIN …-----)".into())),
        Err(e) => Err((field, format!("is no valid PEM: {e}"))),
    }
}

/// The certificates of PEM blocks, each of which must be one.
fn certificates<'a>(field: &'static str, blocks: &'a [Pem]) -> Result<Vec<X509Certificate<'a>>, Refusal> {
    blocks
        .iter()
        .map(|block| {
            if block.label != "CERTIFICATE" {
                return Err((field, format!("holds a {} block where a CERTIFICATE belongs", block.label)));
            }
            block.parse_x509().map_err(|e| (field, format!("holds a certificate that does not parse: {e}")))
        })
        .collect()
}

/// Checks a certificate, its chain and its private key as the API does.
pub fn check(certificate: &str, chain: &str, key: &str) -> Result<(), Refusal> {
    let leaf_blocks = blocks("certificate", certificate)?;
    if leaf_blocks.len() != 1 {
        return Err(("certificate", format!("holds {} PEM blocks, not one certificate", leaf_blocks.len())));
    }
    let leaf = certificates("certificate", &leaf_blocks)?.remove(0);
    let chain_blocks = blocks("certificateChain", chain)?;
    let chain = certificates("certificateChain", &chain_blocks)?;
    if chain[0].subject().as_raw() != leaf.issuer().as_raw() {
        return Err((
            "certificateChain",
            format!(
                "does not start with the certificate's issuer ({} issued it; the chain starts with {})",
                leaf.issuer(),
                chain[0].subject()
            ),
        ));
    }
    let key_blocks = blocks("privateKey", key)?;
    let [key] = key_blocks.as_slice() else {
        return Err(("privateKey", format!("holds {} PEM blocks, not one private key", key_blocks.len())));
    };
    let public = leaf
        .public_key()
        .parsed()
        .map_err(|e| ("certificate", format!("has a public key that does not parse: {e}")))?;
    match key_public_part(&key.label, &key.contents)? {
        Some(part) if !same_key(&public, &part) => {
            Err(("privateKey", "is not the key of the certificate (their public parts differ)".into()))
        }
        _ => Ok(()),
    }
}

/// The public part a private key holds: an RSA modulus, or an EC point when the key carries
/// it (`None` when it does not: the key is then taken as it is).
enum Part {
    Modulus(Vec<u8>),
    Point(Vec<u8>),
}

fn key_public_part(label: &str, der: &[u8]) -> Result<Option<Part>, Refusal> {
    let unreadable = |what: &str| ("privateKey", format!("is no readable {what}"));
    let (_, object) = parse_der(der).map_err(|_| unreadable(label))?;
    match label {
        "RSA PRIVATE KEY" => rsa_modulus(&object).map(Some).ok_or_else(|| unreadable("RSA private key")),
        "EC PRIVATE KEY" => Ok(ec_point(&object)),
        "PRIVATE KEY" => {
            // PrivateKeyInfo ::= SEQUENCE { version, algorithm, privateKey OCTET STRING, … }
            let fields = object.as_sequence().map_err(|_| unreadable("PKCS#8 private key"))?;
            let inner =
                fields.get(2).and_then(|o| o.as_slice().ok()).ok_or_else(|| unreadable("PKCS#8 private key"))?;
            let (_, inner) = parse_der(inner).map_err(|_| unreadable("PKCS#8 private key"))?;
            Ok(rsa_modulus(&inner).or_else(|| ec_point(&inner)))
        }
        other => Err(("privateKey", format!("holds a {other} block where a PRIVATE KEY belongs"))),
    }
}

/// RSAPrivateKey ::= SEQUENCE { version, modulus INTEGER, … }
fn rsa_modulus(object: &BerObject) -> Option<Part> {
    let fields = object.as_sequence().ok()?;
    if fields.len() < 9 {
        return None;
    }
    Some(Part::Modulus(fields.get(1)?.as_slice().ok()?.to_vec()))
}

/// ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters OPTIONAL, [1] publicKey BIT STRING OPTIONAL }
fn ec_point(object: &BerObject) -> Option<Part> {
    let fields = object.as_sequence().ok()?;
    fields.iter().skip(2).find_map(|field| match &field.content {
        BerObjectContent::Tagged(_, tag, inner) if tag.0 == 1 => {
            inner.as_bitstring().ok().map(|bits| Part::Point(bits.data.to_vec()))
        }
        BerObjectContent::Unknown(any) if any.tag().0 == 1 => {
            let (_, inner) = parse_der(any.data).ok()?;
            inner.as_bitstring().ok().map(|bits| Part::Point(bits.data.to_vec()))
        }
        _ => None,
    })
}

/// Whether a certificate's public key is the one a private key's part belongs to.
fn same_key(public: &PublicKey, part: &Part) -> bool {
    let trimmed = |bytes: &[u8]| bytes.iter().skip_while(|b| **b == 0).copied().collect::<Vec<u8>>();
    match (public, part) {
        (PublicKey::RSA(rsa), Part::Modulus(modulus)) => trimmed(rsa.modulus) == trimmed(modulus),
        (PublicKey::EC(point), Part::Point(bytes)) => point.data() == bytes.as_slice(),
        _ => false,
    }
}

/// What the API shows of a certificate in its metadata, at `now_ms`: validity, whether it has
/// expired, serial number, common name and other names; nothing when it does not parse.
pub fn facts(certificate: &str, now_ms: i64, date: fn(i64) -> String) -> Map<String, Value> {
    let Ok(found) = blocks("certificate", certificate) else { return Map::new() };
    let Some(Ok(cert)) = found.first().map(Pem::parse_x509) else { return Map::new() };
    let validity = cert.validity();
    let (from, until) = (validity.not_before.timestamp() * 1000, validity.not_after.timestamp() * 1000);
    let common_name = cert.subject().iter_common_name().next().and_then(|cn| cn.as_str().ok()).map(str::to_string);
    let names: Vec<String> = cert
        .extensions()
        .iter()
        .filter_map(|e| match e.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => Some(san.general_names.clone()),
            _ => None,
        })
        .flatten()
        .filter_map(|name| match name {
            GeneralName::DNSName(dns) => Some(dns.to_string()),
            _ => None,
        })
        .collect();
    let facts = json!({
        "expired": until < now_ms, "notBefore": date(from), "notAfter": date(until),
        "serialNumber": cert.raw_serial_as_string(), "commonName": common_name, "subjectAlternativeNames": names,
    });
    facts.as_object().cloned().unwrap_or_default()
}
