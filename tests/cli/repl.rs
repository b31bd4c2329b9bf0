//! The REPL as a person uses it: driven through a pseudo-terminal, keys typed, and the screen
//! (rendered by a terminal emulator, so what is snapshotted is what the user sees) compared
//! with a snapshot. Every step waits for the text it expects, with a timeout.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};

const ROWS: u16 = 100;
const COLS: u16 = 140;
const TIMEOUT: Duration = Duration::from_secs(20);

/// A REPL running in a pseudo-terminal, its output rendered on a virtual screen.
struct Terminal {
    screen: Arc<Mutex<vt100::Parser>>,
    keyboard: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    dir: tempfile::TempDir,
}

impl Terminal {
    /// `ionosh repl --sim` with its state, history and home in a fresh directory.
    fn repl(delay_ms: u64) -> Terminal {
        Terminal::repl_at(delay_ms, None)
    }

    /// `ionosh repl --sim` in a fresh directory, with its home (and history) in `home` when
    /// given: REPLs sharing one.
    fn repl_at(delay_ms: u64, home: Option<&Path>) -> Terminal {
        let dir = tempfile::tempdir().expect("temp dir");
        let pty = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("pty opens");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_ionosh"));
        let delay = delay_ms.to_string();
        command.args(["repl", "--sim", "--sim-state", "state.json", "--sim-delay-ms", delay.as_str()]);
        command.cwd(dir.path());
        command.env_clear();
        set_home(&mut command, home.unwrap_or(dir.path()));
        let child = pty.slave.spawn_command(command).expect("repl starts");
        drop(pty.slave);
        let mut output = pty.master.try_clone_reader().expect("pty reader");
        let keyboard = Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let size = |n: u16| NonZeroU16::new(n).expect("non-zero");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(ROWS), size(COLS), 0)));
        let (screen_in, answers) = (Arc::clone(&screen), Arc::clone(&keyboard));
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buffer = [0u8; 4096];
            while let Ok(n @ 1..) = output.read(&mut buffer) {
                let mut parser = screen_in.lock().expect("screen");
                parser.process(&buffer[..n]);
                // The line editor asks where the cursor is; a terminal answers.
                if buffer[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let (row, col) = parser.screen().cursor_position();
                    let answer = format!("\x1b[{};{}R", row + 1, col + 1);
                    let _ = answers.lock().expect("keyboard").write_all(answer.as_bytes());
                }
            }
        });
        let terminal = Terminal { screen, keyboard, child, dir };
        terminal.wait_for_prompts(1);
        terminal
    }

    fn screen(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    fn type_keys(&self, keys: &str) {
        let mut keyboard = self.keyboard.lock().expect("keyboard");
        keyboard.write_all(keys.as_bytes()).expect("typed");
        keyboard.flush().expect("flushed");
    }

    /// Waits until the screen satisfies `done`, or fails showing the screen.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return;
            }
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, text: &str) {
        self.wait_until(text, |screen| screen.contains(text));
    }

    /// Waits until `n` prompts (first or continuation lines) are on the screen, the last one
    /// empty and ready for input.
    fn wait_for_prompts(&self, n: usize) {
        self.wait_until(&format!("prompt {n}"), |screen| {
            let last = screen.trim_end().lines().last().unwrap_or_default();
            prompts(screen) >= n && (last == "ionosh>" || last == "   ...>")
        });
    }

    /// Types a line and Enter, and waits for the next prompt (keys typed ahead of the prompt
    /// may be dropped by the line editor, as in any terminal program that reads raw keys).
    fn enter(&self, line: &str) {
        let before = prompts(&self.screen());
        self.type_keys(&format!("{line}\r"));
        self.wait_for_prompts(before + 1);
    }

    /// Leaves with `:quit` and waits for the process to end.
    fn quit(self) -> String {
        self.leave().0
    }

    /// Leaves with `:quit`, waits for the process to end, and keeps its directory.
    fn leave(mut self) -> (String, tempfile::TempDir) {
        self.type_keys(":quit\r");
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child state") {
                assert!(status.success(), "repl exits cleanly: {status:?}");
                return (self.screen(), self.dir);
            }
            assert!(start.elapsed() < TIMEOUT, "repl did not exit:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// How many prompts the screen shows.
fn prompts(screen: &str) -> usize {
    screen.lines().filter(|l| l.starts_with("ionosh> ") || l.starts_with("   ...> ") || *l == "ionosh>").count()
}

fn set_home(command: &mut CommandBuilder, dir: &Path) {
    command.env("HOME", dir);
    command.env("XDG_DATA_HOME", dir.join("data"));
    command.env("XDG_STATE_HOME", dir.join("state"));
    command.env("TERM", "xterm");
}

/// The screen with what changes from run to run replaced.
fn snapshot(name: &str, screen: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT");
    settings.add_filter(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
    settings.add_filter(r"\d+\.\d+s\b", "N.Ns");
    settings.add_filter(r"ionosh \d+\.\d+\.\d+", "ionosh VERSION");
    settings.bind(|| insta::assert_snapshot!(name, screen.trim_end()));
}

#[test]
fn tab_completes_a_function_name_and_hints_its_signature() {
    let repl = Terminal::repl(10);
    repl.type_keys("get_loc");
    repl.wait_for("get_location(location_id: string, options?: #{depth})");
    repl.enter("\t(\"de/fra\").properties.name");
    snapshot("function_name_completion", &repl.quit());
}

#[test]
fn tab_completes_a_netfoundry_function_and_the_keys_of_its_options() {
    let repl = Terminal::repl(10);
    repl.type_keys("nf::network_ver");
    repl.wait_for("nf::network_versions(options?: #{");
    repl.enter("\t(#{ active: true }).len()");
    repl.type_keys("nf::create_network(#{ prov\t");
    repl.wait_for("provider");
    repl.enter(": \"OCI\", name: \"tabbed\" }).status");
    snapshot("netfoundry_completion", &repl.quit());
}

#[test]
fn tab_completes_the_keys_of_a_map_in_scope() {
    let repl = Terminal::repl(10);
    repl.enter("let dc = get_location(\"de/fra\");");
    repl.type_keys("dc.properties.\t\t");
    repl.wait_for("imageAliases");
    repl.enter("na\t");
    snapshot("map_key_completion", &repl.quit());
}

#[test]
fn a_function_defined_over_several_lines_is_kept() {
    let repl = Terminal::repl(10);
    for line in ["fn double(n) {", "  let twice = n * 2;", "  twice", "}", "double(21)"] {
        repl.enter(line);
    }
    snapshot("multi_line_function", &repl.quit());
}

#[test]
fn help_describes_a_function_from_the_catalog() {
    let repl = Terminal::repl(10);
    repl.enter(":help create_datacenter");
    repl.enter(":help get_datacenter");
    snapshot("help_create_and_get_datacenter", &repl.quit());
}

#[test]
fn help_describes_create_server_with_its_fields_and_an_example() {
    let repl = Terminal::repl(10);
    repl.enter(":help create_server");
    snapshot("help_create_server", &repl.quit());
}

#[test]
fn a_pasted_block_of_lines_arrives_whole() {
    let repl = Terminal::repl(10);
    repl.enter("\x1b[200~let a = 40;\nlet b = 2;\nfn add(x, y) {\n  x + y\n}\x1b[201~");
    repl.enter("add(a, b)");
    repl.wait_for("42");
    repl.quit();
}

#[test]
fn ctrl_c_stops_a_wait_and_the_repl_goes_on() {
    let repl = Terminal::repl(600_000);
    repl.enter("let r = create_datacenter(#{ name: \"slow\", location: \"de/fra\" });");
    repl.type_keys("wait_for_completion(r)\r");
    repl.wait_until("a spinner with what is built, its request, its status and the time elapsed", |screen| {
        let line = screen
            .lines()
            .find(|l| l.contains(" waiting for create datacenter 'slow' (request "))
            .unwrap_or_default()
            .trim_end();
        (line.contains(": QUEUED (") || line.contains(": RUNNING (")) && line.ends_with("s, Ctrl-C stops)")
    });
    repl.type_keys("\x03");
    repl.wait_for("interrupted");
    repl.wait_for_prompts(3);
    repl.enter("r.properties.name");
    snapshot("ctrl_c_during_a_wait", &repl.quit());
}

#[test]
fn load_runs_a_script_into_the_session_and_vars_lists_the_scope() {
    let repl = Terminal::repl(10);
    std::fs::write(repl.dir.path().join("lib.rhai"), "fn triple(n) { n * 3 }\nlet loaded = 2;\n").expect("written");
    repl.enter(":load lib.rhai");
    repl.enter("triple(loaded)");
    repl.enter("let dcs = list_datacenters();");
    repl.enter(":vars");
    repl.enter("table(dcs)");
    snapshot("load_and_vars", &repl.quit());
}

#[test]
fn history_keeps_entries_with_secret_literals_masked_in_a_private_file() {
    let repl = Terminal::repl(10);
    repl.enter("let bu = Backupunit(#{ name: \"bu\", password: \"HistPw-9931\", email: \"b@example.com\" });");
    repl.enter("let token = \"eyHistoryToken77\";");
    repl.enter("bu.properties.name");
    let (_, dir) = repl.leave();
    let path = dir.path().join("state").join("ionosh").join("history");
    let history = std::fs::read_to_string(&path).expect("history saved");
    assert!(history.contains("bu.properties.name"), "entries are kept:\n{history}");
    assert!(history.contains("password: \"***\"") && history.contains("let token = \"***\""), "{history}");
    assert!(!history.contains("HistPw-9931") && !history.contains("eyHistoryToken77"), "{history}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("history").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the history is readable by its owner only");
    }
}

/// Crafted entries with secrets in any quoting and any value expression: none reaches the
/// history, every other word of them does.
#[test]
fn history_masks_secret_values_in_any_quoting_and_expression() {
    let repl = Terminal::repl(10);
    let entries = [
        r#"let a = #{ "password": "HistA-1" };"#,
        r#"let b = #{ apiKey: `HistB-2` };"#,
        r#"let private_key = "HistC-" + "3";"#,
        r#"let c = #{}; c["secretKey"] = "HistD-4";"#,
        r#"let d = #{ properties: #{ imagePassword: "HistE-" + 5 } };"#,
        r#"fn set_password(p) { p.len() } set_password("HistF-6");"#,
        r#"let e = #{ "X-Api-Key": "HistG-7", name: "kept-name" };"#,
    ];
    for entry in entries {
        repl.enter(entry);
    }
    let (_, dir) = repl.leave();
    let history = std::fs::read_to_string(dir.path().join("state").join("ionosh").join("history")).expect("saved");
    for secret in ["HistA-1", "HistB-2", "HistC-", "HistD-4", "HistE-", "HistF-6", "HistG-7"] {
        assert!(!history.contains(secret), "{secret} in:\n{history}");
    }
    assert!(history.contains("kept-name") && history.contains("set_password"), "{history}");
}

/// The REPL shows a single-sign-on link with its `jwt` masked, as it masks passwords.
#[test]
fn echo_masks_the_token_in_a_sign_on_link() {
    let repl = Terminal::repl(10);
    repl.enter(
        r#"let bu = create_backupunit(Backupunit(#{ name: "bu", password: "EchoPw-5521", email: "b@example.com" }));"#,
    );
    repl.enter("wait_for_completion(bu);");
    repl.enter("get_ssourl(bu.id)");
    let (transcript, _) = repl.leave();
    assert!(transcript.contains("jwt=***"), "{transcript}");
    let shown = transcript.split("jwt=").skip(1).all(|rest| rest.starts_with("***"));
    assert!(shown, "{transcript}");
}

/// Two REPLs open at once each add their entries to the one history, neither losing the
/// other's.
#[test]
fn repls_open_at_once_keep_each_others_history() {
    let first = Terminal::repl(10);
    let home = first.dir.path().to_path_buf();
    let second = Terminal::repl_at(10, Some(&home));
    first.enter("let from_the_first = 1;");
    second.enter("let from_the_second = 2;");
    let (_, dir) = first.leave();
    second.quit();
    let history = std::fs::read_to_string(dir.path().join("state/ionosh/history")).expect("history");
    assert!(history.contains("from_the_first") && history.contains("from_the_second"), "{history}");
}

#[test]
fn imports_persist_a_trailing_semicolon_keeps_quiet_and_long_output_fits_the_screen() {
    let repl = Terminal::repl(10);
    repl.enter("import \"images\" as images;");
    repl.enter("images::find_one(#{ alias: \"ubuntu:latest\", location: \"de/fra\" }).properties.imageType");
    repl.wait_for("\nHDD\n");
    repl.enter("let quiet = 41;");
    repl.enter("quiet + 1");
    repl.wait_for("42");
    // The screen scrolls from here on: wait for text rather than count prompts.
    repl.type_keys("list_images()\r");
    repl.wait_for("more lines (:more shows them all)");
    let screen = repl.screen();
    assert!(screen.lines().count() <= ROWS as usize, "the echo fits the screen");
    repl.type_keys(":help images::find_one\r");
    repl.wait_for("(module images, embedded)");
    let screen = repl.quit();
    assert!(!screen.contains("ionosh> let quiet = 41;\n41"), "no echo after a trailing ;");
}

#[test]
fn tab_completes_option_keys_and_module_functions() {
    let repl = Terminal::repl(10);
    repl.enter("import \"images\" as images;");
    repl.type_keys("images::find_o\t");
    repl.wait_for("images::find_one");
    repl.type_keys("\x15"); // Ctrl-U clears the line
    repl.type_keys("get_location(\"de/fra\", #{ dep\t");
    repl.wait_for("#{ depth");
    repl.enter(": 0 }).id");
    repl.wait_for("\"de/fra\"");
    repl.quit();
}

#[test]
fn vars_lists_a_shadowed_variable_once() {
    let repl = Terminal::repl(10);
    repl.enter("let a = 1;");
    repl.enter("let a = \"two\";");
    repl.enter(":vars");
    let screen = repl.quit();
    let listed: Vec<&str> = screen.lines().filter(|l| l.starts_with("a  ")).collect();
    assert_eq!(listed, vec!["a  string  two"], "{screen}");
}

#[test]
fn an_entry_reaching_a_file_outside_the_session_asks_first() {
    let repl = Terminal::repl(10);
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let note = elsewhere.path().join("note.txt");
    std::fs::write(&note, "hello from elsewhere").expect("note");
    std::fs::write(repl.dir.path().join(".secret"), "key").expect("dot-file");
    repl.type_keys(&format!("read_file({:?})\r", note.display().to_string()));
    repl.wait_for("Allow it for this session? [y/N]");
    repl.type_keys("y\r");
    repl.wait_for("hello from elsewhere");
    repl.wait_for_prompts(2);
    repl.enter(&format!("read_file({:?}).len()", note.display().to_string()));
    repl.wait_for("20");
    repl.type_keys("read_file(\".secret\")\r");
    repl.wait_until("the second question", |s| s.matches("Allow it for this session?").count() == 2);
    repl.type_keys("n\r");
    repl.wait_for("a dot-file of the home directory");
    let screen = repl.quit();
    assert_eq!(screen.matches("Allow it for this session?").count(), 2, "asked once for the note:\n{screen}");
    assert!(!screen.contains("\nkey\n"), "{screen}");
}
