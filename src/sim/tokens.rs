//! The bearer tokens the emulator's token endpoints issued: accepted until they expire, and
//! never forgotten before, however many tokens anyone asks for. A client holding as many
//! live tokens as it may is refused more until some expire, and so is everyone once the
//! emulator holds as many as it keeps.

use std::collections::HashMap;

/// How many live tokens one client may hold.
const PER_CLIENT: usize = 1_000;

/// How many live tokens the emulator keeps in all.
const IN_ALL: usize = 20_000;

/// The tokens issued and not yet expired.
#[derive(Debug, Default)]
pub struct IssuedTokens {
    /// Each token's client and expiry (seconds since the Unix epoch).
    tokens: HashMap<String, (String, i64)>,
    /// How many live tokens each client holds.
    held: HashMap<String, usize>,
}

/// Why a token was not issued.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The client holds [`PER_CLIENT`] live tokens.
    Client,
    /// The emulator holds [`IN_ALL`] live tokens.
    Emulator,
}

impl IssuedTokens {
    /// Remembers `token`, issued to `client` until `expiry`, unless the client or the
    /// emulator holds as many live tokens as it may (expired ones are forgotten first).
    pub fn issue(&mut self, client: &str, token: String, expiry: i64, now: i64) -> Result<(), Refused> {
        let full = |issued: &Self| {
            if issued.held.get(client).is_some_and(|held| *held >= PER_CLIENT) {
                Some(Refused::Client)
            } else if issued.tokens.len() >= IN_ALL {
                Some(Refused::Emulator)
            } else {
                None
            }
        };
        if full(self).is_some() {
            self.forget_expired(now);
        }
        if let Some(refused) = full(self) {
            return Err(refused);
        }
        *self.held.entry(client.to_string()).or_default() += 1;
        self.tokens.insert(token, (client.to_string(), expiry));
        Ok(())
    }

    /// Whether `token` was issued and has not expired at `now`.
    pub fn valid(&self, token: &str, now: i64) -> bool {
        self.tokens.get(token).is_some_and(|(_, expiry)| *expiry > now)
    }

    fn forget_expired(&mut self, now: i64) {
        let held = &mut self.held;
        self.tokens.retain(|_, (client, expiry)| {
            let live = *expiry > now;
            if !live {
                if let Some(count) = held.get_mut(client.as_str()) {
                    *count -= 1;
                }
            }
            live
        });
        held.retain(|_, count| *count > 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_valid_until_its_expiry() {
        let mut issued = IssuedTokens::default();
        issued.issue("a", "t1".into(), 1000, 0).expect("issued");
        assert!(issued.valid("t1", 999));
        assert!(!issued.valid("t1", 1000), "expired");
        assert!(!issued.valid("t2", 0), "never issued");
    }

    #[test]
    fn a_client_asking_for_too_many_is_refused_and_forgets_nothing() {
        let mut issued = IssuedTokens::default();
        issued.issue("a", "a-token".into(), 1000, 0).expect("issued");
        for i in 0..PER_CLIENT {
            issued.issue("b", format!("b-{i}"), 1000, 0).expect("issued");
        }
        assert_eq!(issued.issue("b", "b-more".into(), 1000, 1), Err(Refused::Client));
        assert!(issued.valid("a-token", 1) && issued.valid("b-0", 1), "nothing was forgotten");
        issued.issue("a", "a-second".into(), 1000, 1).expect("others are still served");
        issued.issue("b", "b-later".into(), 2000, 1000).expect("once b's tokens expired");
    }

    #[test]
    fn when_full_new_tokens_wait_for_old_ones_to_expire() {
        let mut issued = IssuedTokens::default();
        for i in 0..IN_ALL {
            issued.issue(&format!("c{}", i / PER_CLIENT), format!("t{i}"), 100, 0).expect("issued");
        }
        assert_eq!(issued.issue("new", "x".into(), 200, 50), Err(Refused::Emulator));
        assert!(issued.valid("t0", 50), "no one else's token was forgotten");
        issued.issue("new", "x".into(), 200, 100).expect("the old ones expired at 100");
        assert!(issued.valid("x", 150) && !issued.valid("t0", 150));
        assert_eq!(issued.held.len(), 1, "clients without live tokens are forgotten");
    }
}
