//! Editor support: `ionosh defs DIR` writes Rhai definition files naming every function
//! `ionosh functions` lists, with its doc comment (global ones in `ionosh.d.rhai`, each
//! provider's namespace in its own file, each importable module in its own), every file in
//! the grammar of the Rhai language server's definition parser; `ionosh completions SHELL`
//! prints a script.

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

/// Every file `ionosh defs` writes is one the Rhai language server's definition parser
/// (`rhai-rowan`'s `parse_def`) reads without an error, and the stdlib's modules have theirs.
#[test]
fn every_definition_file_parses_and_the_stdlib_modules_have_theirs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out =
        Command::new(env!("CARGO_BIN_EXE_ionosh")).args(["defs", "d"]).current_dir(dir.path()).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir.path().join("d")).expect("written") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("file");
        if let Err(error) = definitions::parse(&text) {
            panic!("{}: {error}", path.display());
        }
        names.push(path.file_name().expect("name").to_string_lossy().into_owned());
    }
    names.sort();
    assert_eq!(
        names,
        [
            "auth.d.rhai",
            "certmanager.d.rhai",
            "dns.d.rhai",
            "ensure.d.rhai",
            "images.d.rhai",
            "inventory.d.rhai",
            "ionos.d.rhai",
            "ionosh.d.rhai",
            "ipblocks.d.rhai",
            "locations.d.rhai",
            "netfoundry.d.rhai",
            "nf.d.rhai",
            "postgres.d.rhai",
            "teardown.d.rhai"
        ]
    );
    let ensure = std::fs::read_to_string(dir.path().join("d/ensure.d.rhai")).expect("file");
    assert!(ensure.starts_with("/// "), "the module's description: {ensure}");
    assert!(ensure.contains("\nmodule ensure;\n"), "{ensure}");
    assert!(
        ensure.contains("/// changed when it differs.\nfn ensure_lan(dc: ?, name: ?, public_: ?) -> ?;"),
        "{ensure}"
    );
    let global = std::fs::read_to_string(dir.path().join("d/ionosh.d.rhai")).expect("file");
    assert!(global.contains("\nop exit(int) -> ?;"), "a function named like a keyword is an op");
    assert!(global.contains("fn LAN(fields: #{name: ?, \"public\": ?,"), "map keys typed, keywords quoted");

    // The checker itself refuses what the language server's parser does.
    for bad in [
        "module static;\nfn exit(code: int) -> ?;",
        "module static;\nfn f(o: #{a, b}) -> ?;",
        "module m;\nfn f(public: ?) -> ?;",
        "fn f() -> ?;",
        "module m;\nfn f(x: ?) -> ?",
    ] {
        assert!(definitions::parse(bad).is_err(), "{bad}");
    }
}

/// The grammar of Rhai definition files as the Rhai language server (`rhai-rowan`,
/// `parsers/def.rs` and `parsers/ty.rs`) parses them, for the items `ionosh defs` writes:
/// doc comments, `module NAME;`, then `fn NAME(param: TYPE, ...) -> TYPE;` and `op NAME(TYPE,
/// ...) -> TYPE;`; types are `?`, names (with `<...>`), unions with `|`, `#{key: TYPE, ...}`,
/// `[TYPE, ...]` and `(TYPE, ...)`. Names it reserves are not names.
mod definitions {
    const KEYWORDS: &[&str] = &[
        "fn",
        "op",
        "let",
        "const",
        "if",
        "else",
        "switch",
        "do",
        "while",
        "loop",
        "until",
        "for",
        "in",
        "continue",
        "break",
        "return",
        "throw",
        "try",
        "catch",
        "import",
        "export",
        "as",
        "private",
        "true",
        "false",
        "this",
        "var",
        "static",
        "shared",
        "goto",
        "exit",
        "match",
        "case",
        "public",
        "protected",
        "new",
        "use",
        "with",
        "module",
        "package",
        "super",
        "spawn",
        "thread",
        "go",
        "sync",
        "async",
        "await",
        "yield",
        "default",
        "void",
        "null",
        "nil",
    ];

    struct Tokens<'a> {
        items: Vec<(usize, &'a str)>,
        at: usize,
    }

    impl<'a> Tokens<'a> {
        fn new(text: &'a str) -> Tokens<'a> {
            let mut items = Vec::new();
            for (number, line) in text.lines().enumerate() {
                let line = line.split("//").next().unwrap_or_default();
                let mut rest = line;
                while let Some(c) = rest.chars().next() {
                    let len = if c.is_whitespace() {
                        rest = &rest[c.len_utf8()..];
                        continue;
                    } else if c.is_alphanumeric() || c == '_' {
                        rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())
                    } else if c == '"' {
                        rest[1..].find('"').map_or(rest.len(), |end| end + 2)
                    } else if rest.starts_with("->") || rest.starts_with("#{") {
                        2
                    } else {
                        c.len_utf8()
                    };
                    items.push((number + 1, &rest[..len]));
                    rest = &rest[len..];
                }
            }
            Tokens { items, at: 0 }
        }

        fn peek(&self) -> &'a str {
            self.items.get(self.at).map_or("", |(_, t)| t)
        }

        fn next(&mut self) -> &'a str {
            let token = self.peek();
            self.at += 1;
            token
        }

        fn expect(&mut self, wanted: &str) -> Result<(), String> {
            match self.next() {
                token if token == wanted => Ok(()),
                token => Err(self.error(&format!("expected '{wanted}', found '{token}'"))),
            }
        }

        fn name(&mut self) -> Result<&'a str, String> {
            let token = self.next();
            let plain = token.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
            if plain && !KEYWORDS.contains(&token) {
                Ok(token)
            } else {
                Err(self.error(&format!("expected a name, found '{token}'")))
            }
        }

        fn error(&self, message: &str) -> String {
            let line = self.items.get(self.at.saturating_sub(1)).map_or(0, |(line, _)| *line);
            format!("line {line}: {message}")
        }
    }

    pub fn parse(text: &str) -> Result<(), String> {
        let mut tokens = Tokens::new(text);
        tokens.expect("module")?;
        if tokens.peek() == "static" {
            tokens.next();
        } else {
            tokens.name()?;
        }
        tokens.expect(";")?;
        while !tokens.peek().is_empty() {
            match tokens.next() {
                "fn" => {
                    tokens.name()?;
                    list(&mut tokens, "(", ")", |t| {
                        t.name()?;
                        t.expect(":")?;
                        ty(t)
                    })?;
                }
                "op" => {
                    // An operator's name is one token to the language server (`+=`).
                    let mut named = false;
                    while !matches!(tokens.peek(), "(" | "") {
                        tokens.next();
                        named = true;
                    }
                    if !named {
                        return Err(tokens.error("an op needs a name"));
                    }
                    list(&mut tokens, "(", ")", ty)?;
                }
                other => return Err(tokens.error(&format!("expected fn or op, found '{other}'"))),
            }
            tokens.expect("->")?;
            ty(&mut tokens)?;
            tokens.expect(";")?;
        }
        Ok(())
    }

    fn list<'a>(
        tokens: &mut Tokens<'a>,
        open: &str,
        close: &str,
        mut item: impl FnMut(&mut Tokens<'a>) -> Result<(), String>,
    ) -> Result<(), String> {
        tokens.expect(open)?;
        if tokens.peek() == close {
            tokens.next();
            return Ok(());
        }
        loop {
            item(tokens)?;
            match tokens.next() {
                "," => continue,
                token if token == close => return Ok(()),
                token => return Err(tokens.error(&format!("expected ',' or '{close}', found '{token}'"))),
            }
        }
    }

    fn ty(tokens: &mut Tokens<'_>) -> Result<(), String> {
        match tokens.peek() {
            "?" => {
                tokens.next();
            }
            "#{" => {
                list(tokens, "#{", "}", |t| {
                    let key = t.next();
                    let quoted = key.starts_with('"');
                    if !quoted && KEYWORDS.contains(&key) || key.is_empty() {
                        return Err(t.error(&format!("'{key}' cannot be a key unquoted")));
                    }
                    t.expect(":")?;
                    ty(t)
                })?;
            }
            "[" => list(tokens, "[", "]", ty)?,
            "(" => list(tokens, "(", ")", ty)?,
            _ => {
                tokens.name()?;
                if tokens.peek() == "<" {
                    list(tokens, "<", ">", ty)?;
                }
            }
        }
        if tokens.peek() == "|" {
            tokens.next();
            return ty(tokens);
        }
        Ok(())
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
