//! TLS certificates are always verified: against a server with a self-signed certificate
//! (openssl's test server), a run fails with a certificate error before sending anything.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `openssl s_server` with a fresh self-signed certificate, on a free loopback port.
fn self_signed_server(dir: &std::path::Path) -> (Server, u16) {
    let status = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"])
        .args(["-keyout", "key.pem", "-out", "cert.pem"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl runs");
    assert!(status.success(), "certificate made");
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let child = Command::new("openssl")
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-cert", "cert.pem", "-key", "key.pem", "-www"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server starts");
    let server = Server(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "s_server did not start listening");
        std::thread::sleep(Duration::from_millis(20));
    }
    (server, port)
}

#[test]
fn a_self_signed_certificate_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_server, port) = self_signed_server(dir.path());
    std::fs::write(dir.path().join("list.rhai"), "list_datacenters();").expect("script");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "list.rhai"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("IONOS_API_URL", format!("https://127.0.0.1:{port}/cloudapi/v6"))
        .env("IONOS_TOKEN", "t")
        .output()
        .expect("ionosh runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(stderr.contains("certificate"), "{stderr}");
}
