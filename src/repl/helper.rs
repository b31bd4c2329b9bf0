//! What the line editor knows about the session: Tab completion of functions, variables,
//! map keys (`dc.properties.<Tab>`) and `:commands`, and a hint with the signature of the
//! function being typed or called.

use std::borrow::Cow;
use std::collections::BTreeSet;

use rhai::{Dynamic, Map, Scope};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hint, Hinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::commands::COMMANDS;
use crate::catalog::Signature;

/// The editor's view of the session, refreshed after every entry.
pub struct ReplHelper {
    functions: Vec<Signature>,
    variables: Vec<(String, Dynamic)>,
    colour: bool,
}

impl ReplHelper {
    /// A helper knowing the registered functions; `colour` dims hints.
    pub fn new(functions: Vec<Signature>, colour: bool) -> Self {
        ReplHelper { functions, variables: Vec::new(), colour }
    }

    /// Takes the variables now in scope, for completion.
    pub fn set_variables(&mut self, scope: &Scope) {
        self.variables = scope.iter_raw().map(|(name, _, value)| (name.to_string(), value.clone())).collect();
    }

    fn signature(&self, name: &str) -> Option<&Signature> {
        self.functions.iter().find(|s| s.name == name)
    }

    /// The value a dotted path (`dc.properties`) names, if every step is a map key.
    fn lookup(&self, path: &str) -> Option<Dynamic> {
        let mut steps = path.split('.');
        let first = steps.next()?;
        let mut value = self.variables.iter().rev().find(|(name, _)| name == first)?.1.clone();
        for step in steps {
            let next = value.read_lock::<Map>()?.get(step)?.clone();
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
        let names: BTreeSet<&str> =
            self.functions.iter().map(|s| s.name.as_str()).filter(|n| n.starts_with(prefix)).collect();
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

/// The identifier-and-dots word that ends at the cursor.
fn current_word(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// The innermost call still open at the end of `line`: the function's name and what has been
/// typed of its arguments. Brackets inside strings are not counted.
fn open_call(line: &str) -> Option<(&str, &str)> {
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
        let functions = vec![
            Signature::new("get_datacenter", &["datacenter_id: string".into()], &["options: #{depth}".into()], "d"),
            Signature::new("get_location", &["location_id: string".into()], &[], "l"),
        ];
        let mut helper = ReplHelper::new(functions, false);
        let mut scope = Scope::new();
        let dc: Dynamic = rhai::serde::to_dynamic(
            serde_json::json!({ "id": "x", "properties": { "name": "a", "location": "de/fra" } }),
        )
        .expect("dynamic");
        scope.push("dc", dc);
        helper.set_variables(&scope);
        helper
    }

    #[test]
    fn completes_functions_variables_keys_and_commands() {
        let h = helper();
        assert_eq!(h.candidates("get_d", 5), (0, vec!["get_datacenter".to_string()]));
        assert_eq!(h.candidates("x = d", 5), (4, vec!["dc".to_string()]));
        assert_eq!(h.candidates("dc.properties.", 14), (14, vec!["location".to_string(), "name".to_string()]));
        assert_eq!(h.candidates("print(dc.pr", 11), (9, vec!["properties".to_string()]));
        assert_eq!(h.candidates(":he", 3), (0, vec![":help".to_string()]));
        assert_eq!(h.candidates(":help get_l", 11), (6, vec!["get_location".to_string()]));
    }

    #[test]
    fn hints_show_the_signature() {
        let h = helper();
        let hint = h.hint_for("get_da").expect("hint");
        assert_eq!(
            (hint.display.as_str(), hint.completion.as_deref()),
            ("tacenter(datacenter_id: string, options?: #{depth})", Some("tacenter"))
        );
        assert_eq!(h.hint_for("get_datacenter(").expect("hint").display, "datacenter_id: string, options?: #{depth})");
        assert_eq!(
            h.hint_for("let x = get_location(\"(\", ").expect("hint").display,
            "    get_location(location_id: string)"
        );
        assert!(h.hint_for("get_").is_none(), "ambiguous");
    }
}
