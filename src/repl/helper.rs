//! What the line editor knows about the workspace: Tab completion of functions (plain,
//! namespaced and of imported modules: `images::<Tab>`), variables, map keys along dotted and
//! indexed paths (`dcs.items[0].pro<Tab>`), the keys of the map a function takes
//! (`Server(#{ co<Tab>`, `get_datacenter(dc, #{ de<Tab>`) and `:commands`, and a hint with the
//! signature of the function being typed or called.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use rhai::{Array, Dynamic, Map, Scope};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hint, Hinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::commands::COMMANDS;
use crate::catalog::{Access, Signature};
use crate::provider::Provider;

/// The editor's view of the workspace, refreshed after every entry.
pub struct ReplHelper {
    functions: Vec<Signature>,
    /// Functions of the imported modules, as `alias::name`.
    module_functions: Vec<String>,
    /// The keys of the map each function takes: a constructor's fields, an API function's
    /// options.
    map_keys: HashMap<String, Vec<&'static str>>,
    variables: Vec<(String, Dynamic)>,
    colour: bool,
}

impl ReplHelper {
    /// A helper knowing the providers' functions; `colour` dims hints.
    pub fn new(providers: &[&'static Provider], colour: bool) -> Self {
        let mut map_keys = HashMap::new();
        for provider in providers {
            let mut keys: Vec<(&str, Vec<&'static str>)> = Vec::new();
            for op in provider.catalog.operations() {
                keys.push((op.name, op.option_keys()));
            }
            for resource in provider.catalog.resources() {
                let fields = resource.fields.iter().filter(|f| f.access != Access::ReadOnly).map(|f| f.rhai).collect();
                keys.push((resource.name, fields));
            }
            for (name, keys) in keys {
                if provider.global {
                    map_keys.insert(name.to_string(), keys.clone());
                }
                map_keys.insert(format!("{}::{name}", provider.name), keys);
            }
        }
        ReplHelper {
            functions: crate::engine::functions(providers),
            module_functions: Vec::new(),
            map_keys,
            variables: Vec::new(),
            colour,
        }
    }

    /// Takes what the workspace now holds: the variables in scope and the functions of the
    /// modules it imported.
    pub fn refresh(&mut self, scope: &Scope, module_functions: Vec<String>) {
        self.variables = scope.iter_raw().map(|(name, _, value)| (name.to_string(), value.clone())).collect();
        self.module_functions = module_functions;
    }

    fn signature(&self, name: &str) -> Option<&Signature> {
        self.functions.iter().find(|s| s.name == name)
    }

    /// The value a path of keys and indexes (`dcs.items[0].properties`) names, if every step
    /// exists.
    fn lookup(&self, path: &str) -> Option<Dynamic> {
        let mut steps = steps(path).into_iter();
        let PathStep::Key(first) = steps.next()? else { return None };
        // Newest first (as the scope lists them): a shadowed variable's current value.
        let mut value = self.variables.iter().find(|(name, _)| name == first)?.1.clone();
        for step in steps {
            let next = match step {
                PathStep::Key(key) => value.read_lock::<Map>()?.get(key)?.clone(),
                PathStep::Index(index) => value.read_lock::<Array>()?.get(index)?.clone(),
            };
            value = next;
        }
        Some(value)
    }

    /// Candidates for the word before the cursor, and where that word starts.
    fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        if let Some(name) = before.strip_prefix(":help ") {
            return (pos - name.len(), self.function_names(name));
        }
        if before.starts_with(':') && !before.contains(char::is_whitespace) {
            return (0, COMMANDS.iter().filter(|c| c.starts_with(before)).map(|c| c.to_string()).collect());
        }
        let word = current_word(before);
        let start = pos - word.len();
        if let Some(function) = open_map_of(before) {
            if !word.contains(['.', ':', '[']) {
                let keys = self.map_keys.get(function).cloned().unwrap_or_default();
                return (start, keys.into_iter().filter(|k| k.starts_with(word)).map(String::from).collect());
            }
        }
        if word.contains("::") && !word.contains('.') {
            return (start, self.function_names(word));
        }
        match word.rsplit_once('.') {
            Some((path, prefix)) => {
                let keys: Vec<String> = self
                    .lookup(path)
                    .and_then(|value| value.read_lock::<Map>().map(|m| m.keys().map(|k| k.to_string()).collect()))
                    .unwrap_or_default();
                (pos - prefix.len(), keys.into_iter().filter(|k| k.starts_with(prefix)).collect())
            }
            None if word.is_empty() => (start, Vec::new()),
            None => {
                let mut names: BTreeSet<String> = self.function_names(word).into_iter().collect();
                names.extend(self.variables.iter().map(|(n, _)| n.clone()).filter(|n| n.starts_with(word)));
                (start, names.into_iter().collect())
            }
        }
    }

    fn function_names(&self, prefix: &str) -> Vec<String> {
        let names: BTreeSet<&str> = self
            .functions
            .iter()
            .map(|s| s.name.as_str())
            .chain(self.module_functions.iter().map(String::as_str))
            .filter(|n| n.starts_with(prefix))
            .collect();
        names.into_iter().map(String::from).collect()
    }

    /// The hint for a line whose cursor is at its end: the rest of a function name being typed
    /// with its parameters, or the signature of the call the cursor is inside.
    fn hint_for(&self, line: &str) -> Option<SignatureHint> {
        let word = current_word(line);
        if !word.is_empty() && !word.contains('.') {
            let mut matching = self.functions.iter().filter(|s| s.name.starts_with(word));
            let first = matching.next()?;
            if matching.all(|s| s.name == first.name) && first.name != word {
                let rest = &first.name[word.len()..];
                let params = &first.signature[first.name.len()..];
                return Some(SignatureHint { display: format!("{rest}{params}"), completion: Some(rest.to_string()) });
            }
            return None;
        }
        let (name, args) = open_call(line)?;
        let signature = self.signature(name)?;
        let display = if args.trim().is_empty() {
            signature.signature[signature.name.len() + 1..].to_string()
        } else {
            format!("    {}", signature.signature)
        };
        Some(SignatureHint { display, completion: None })
    }
}

/// The word that ends at the cursor: an identifier with its path of keys, indexes and
/// namespaces (`dcs.items[0].pro`, `images::fi`).
fn current_word(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '[' | ']')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// One step of a value path.
#[derive(Debug, PartialEq)]
enum PathStep<'a> {
    /// `.key` (or the variable name first).
    Key(&'a str),
    /// `[index]`.
    Index(usize),
}

/// The steps of `dcs.items[0].properties`: `dcs`, `items`, `0`, `properties`.
fn steps(path: &str) -> Vec<PathStep<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(PathStep::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            match index.trim().parse() {
                Ok(index) => out.push(PathStep::Index(index)),
                Err(_) => return Vec::new(),
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    out
}

/// The function whose map argument the cursor is in (`Server(#{ co`, `f(x, #{ de`): the
/// innermost open bracket is a `#{` directly inside that function's `(`.
fn open_map_of(line: &str) -> Option<&str> {
    let open = open_brackets(line);
    let [.., (call_at, '('), (map_at, '{')] = open.as_slice() else { return None };
    if !line[..*map_at].ends_with('#') {
        return None;
    }
    let name = current_word(&line[..*call_at]);
    (!name.is_empty() && !name.contains('.')).then_some(name)
}

/// The brackets still open at the end of `line`, with where each opened; brackets inside
/// strings are not counted.
fn open_brackets(line: &str) -> Vec<(usize, char)> {
    let mut open = Vec::new();
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => open.push((i, c)),
            (None, ')' | ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    open
}

/// The innermost call still open at the end of `line`: the function's name and what has been
/// typed of its arguments. Brackets inside strings are not counted.
fn open_call(line: &str) -> Option<(&str, &str)> {
    let open = open_brackets(line);
    let &(at, bracket) = open.last()?;
    if bracket != '(' {
        return None;
    }
    let name = current_word(&line[..at]);
    (!name.is_empty() && !name.contains('.')).then(|| (name, &line[at + 1..]))
}

/// A hint shown after the cursor; only the rest of a function name is accepted with →.
pub struct SignatureHint {
    display: String,
    completion: Option<String>,
}

impl Hint for SignatureHint {
    fn display(&self) -> &str {
        &self.display
    }

    fn completion(&self) -> Option<&str> {
        self.completion.as_deref()
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, names) = self.candidates(line, pos);
        Ok((start, names.into_iter().map(|n| Pair { display: n.clone(), replacement: n }).collect()))
    }
}

impl Hinter for ReplHelper {
    type Hint = SignatureHint;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<SignatureHint> {
        if pos < line.len() || line.starts_with(':') {
            return None;
        }
        self.hint_for(line)
    }
}

impl Highlighter for ReplHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.colour {
            Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }
}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() -> ReplHelper {
        let mut helper = ReplHelper::new(crate::provider::ALL, false);
        let mut scope = Scope::new();
        let dc: Dynamic = rhai::serde::to_dynamic(
            serde_json::json!({ "id": "x", "properties": { "name": "a", "location": "de/fra" } }),
        )
        .expect("dynamic");
        let dcs: Dynamic = rhai::serde::to_dynamic(
            serde_json::json!({ "items": [{ "id": "x", "properties": { "name": "a", "location": "de/fra" } }] }),
        )
        .expect("dynamic");
        scope.push("dc", dc);
        scope.push("dcs", dcs);
        helper.refresh(&scope, vec!["images::find_one".into(), "images::find_all".into()]);
        helper
    }

    #[test]
    fn completes_functions_variables_keys_and_commands() {
        let h = helper();
        assert_eq!(
            h.candidates("get_datac", 9),
            (0, vec!["get_datacenter".to_string(), "get_datacenter_label".to_string()])
        );
        assert_eq!(h.candidates("x = dc", 6), (4, vec!["dc".to_string(), "dcs".to_string()]));
        assert_eq!(h.candidates("dc.properties.", 14), (14, vec!["location".to_string(), "name".to_string()]));
        assert_eq!(h.candidates("print(dc.pr", 11), (9, vec!["properties".to_string()]));
        assert_eq!(h.candidates(":he", 3), (0, vec![":help".to_string()]));
        assert_eq!(h.candidates(":help get_loc", 13), (6, vec!["get_location".to_string()]));
    }

    #[test]
    fn completes_map_keys_modules_and_indexed_paths() {
        let h = helper();
        let line = "get_datacenter(dc, #{ de";
        assert_eq!(h.candidates(line, line.len()), (line.len() - 2, vec!["depth".to_string()]));
        let line = "let s = Server(#{ name: \"x\", co";
        assert_eq!(h.candidates(line, line.len()), (line.len() - 2, vec!["cores".to_string()]));
        let line = "images::find_o";
        assert_eq!(h.candidates(line, line.len()), (0, vec!["images::find_one".to_string()]));
        let line = "ionos::get_ser";
        let found = h.candidates(line, line.len()).1;
        assert!(found.contains(&"ionos::get_server_token".to_string()), "{found:?}");
        assert!(found.iter().all(|f| f.starts_with("ionos::get_ser")), "{found:?}");
        let line = "dcs.items[0].pro";
        assert_eq!(h.candidates(line, line.len()), (13, vec!["properties".to_string()]));
        let line = "dcs.items[0].properties.lo";
        assert_eq!(h.candidates(line, line.len()), (24, vec!["location".to_string()]));
    }

    #[test]
    fn hints_show_the_signature() {
        let h = helper();
        let hint = h.hint_for("get_loca").expect("hint");
        assert_eq!(
            (hint.display.as_str(), hint.completion.as_deref()),
            ("tion(location_id: string, options?: #{depth})", Some("tion"))
        );
        assert_eq!(h.hint_for("get_datacenter(").expect("hint").display, "datacenter_id: string, options?: #{depth})");
        assert_eq!(
            h.hint_for("let x = get_location(\"(\", ").expect("hint").display,
            "    get_location(location_id: string, options?: #{depth})"
        );
        assert!(h.hint_for("get_").is_none(), "ambiguous");
    }
}
