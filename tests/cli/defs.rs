//! Editor support: `ionosh defs DIR` writes Rhai definition files naming every function
//! `ionosh functions` lists, with its doc comment (global ones in `ionosh.d.rhai`, each
//! provider's namespace in its own file); `ionosh completions SHELL` prints a script.

use std::process::Command;

use ionosh::engine;
use ionosh::provider;

#[test]
fn the_definition_file_declares_every_registered_function_with_its_doc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["defs", "editor"])
        .current_dir(dir.path())
        .output()
        .expect("ionosh runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = |name: &str| std::fs::read_to_string(dir.path().join("editor").join(name)).expect("file written");
    let global = file("ionosh.d.rhai");
    assert!(global.starts_with("module static;"), "{global}");
    let namespaces: Vec<(&str, String)> =
        provider::ALL.iter().map(|p| (p.name, file(&format!("{}.d.rhai", p.name)))).collect();
    for signature in engine::functions(provider::ALL) {
        let (text, signature) = match signature.name.split_once("::") {
            Some((namespace, name)) => {
                let (_, text) = namespaces.iter().find(|(n, _)| *n == namespace).expect("a namespace file");
                assert!(text.starts_with(&format!("module {namespace};")), "{text}");
                (text, ionosh::catalog::Signature { name: name.to_string(), ..signature })
            }
            None => (&global, signature),
        };
        // Functions named like a keyword (`print`) are declared with `op`, as Rhai writes them.
        let at = ["fn", "op"]
            .iter()
            .find_map(|kind| text.find(&format!("\n{kind} {}(", signature.name)))
            .unwrap_or_else(|| panic!("{} is not declared:\n{text}", signature.name))
            + 1;
        let doc = format!("/// {}\n", signature.doc);
        assert!(text[..at].ends_with(&doc), "{} has no doc comment", signature.name);
    }
}

#[test]
fn shell_completions_name_the_subcommands() {
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh")).args(["completions", "bash"]).output().expect("runs");
    assert!(out.status.success());
    let script = String::from_utf8_lossy(&out.stdout);
    for command in ["repl", "run", "whoami", "defs", "completions"] {
        assert!(script.contains(command), "{command} missing");
    }
}
