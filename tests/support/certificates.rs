//! Certificates for the Certificate Manager tests, made with openssl: a CA's certificate, one it
//! issued for www.example.com, and that one's key (never a real key, never kept).

use std::process::Command;

/// `(certificate, chain, key)`, PEM.
pub fn issued() -> (String, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl").args(args).current_dir(dir.path()).output().expect("openssl runs");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "30",
        "-subj",
        "/CN=test CA",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "www.key",
        "-out",
        "www.csr",
        "-subj",
        "/CN=www.example.com",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        "www.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "www.pem",
        "-days",
        "10",
    ]);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("PEM");
    (read("www.pem"), read("ca.pem"), read("www.key"))
}
