//! "Did you mean": the known name closest to a mistyped one, for error messages about
//! unknown functions, fields, options and commands.

/// The candidate closest to `word` when it is close enough to be a likely typo: at most a
/// third of the word's letters off (and at least one allowed), case ignored.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, candidate)| (*distance, candidate.len()))
        .map(|(_, c)| c)
}

/// ` (did you mean 'x'?)` when a candidate is close to `word`, else nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!("; did you mean '{c}'?")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_name_and_strangers_find_nothing() {
        let names = ["list_datacenters", "list_lans", "get_datacenter", "create_server"];
        assert_eq!(closest("list_datacenter", names), Some("list_datacenters"));
        assert_eq!(closest("get_datacentre", names), Some("get_datacenter"));
        assert_eq!(closest("Create_Sever", names), Some("create_server"));
        assert_eq!(closest("frobnicate", names), None);
        assert_eq!(did_you_mean("corse", ["cores", "ram"]), "; did you mean 'cores'?");
        assert_eq!(did_you_mean("zzz", ["cores", "ram"]), "");
    }
}
