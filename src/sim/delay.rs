//! How long an accepted mutation takes once it starts: the same for every request
//! (`--delay-ms`), or what that kind of operation typically takes on the real API, with
//! jitter and a time scale (`--delay-profile realistic --time-scale F`). Each emulation says
//! what its operations typically take ([`Typical`]).

use std::time::Duration;

use crate::catalog::Typical;

/// The emulator's provisioning delays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Delay {
    /// Every mutation takes this long, and every answer says so (in the client's
    /// [`ANNOUNCED_DELAY_HEADER`](crate::protocol::ANNOUNCED_DELAY_HEADER)).
    Fixed(Duration),
    /// Every mutation takes this long, and clients are not told: they wait as they would
    /// on the real API (benchmarks).
    Unannounced(Duration),
    /// Every mutation takes what its kind typically takes, drawn around the median, times
    /// `scale` (0.01: a minute passes in 0.6 s).
    Realistic {
        /// The time scale, 0 < scale.
        scale: f64,
    },
}

impl Default for Delay {
    fn default() -> Self {
        Delay::Fixed(Duration::from_millis(1000))
    }
}

impl Delay {
    /// How long this mutation takes, given what its kind typically takes.
    pub fn draw(&self, typical: Typical) -> Duration {
        match *self {
            Delay::Fixed(delay) | Delay::Unannounced(delay) => delay,
            Delay::Realistic { scale } => {
                let factor = (typical.spread * standard_normal()).exp();
                Duration::try_from_secs_f64(typical.median.as_secs_f64() * factor * scale).unwrap_or(Duration::MAX)
            }
        }
    }
}

impl Delay {
    /// The time scale answers announce (only a realistic profile's): waits scale what they
    /// expect of each kind of operation by it, as their clock would run on the real API.
    pub fn announced_scale(&self) -> Option<f64> {
        match self {
            Delay::Realistic { scale } => Some(*scale),
            _ => None,
        }
    }

    /// The delay answers announce, in ms (only a fixed one is).
    pub fn announced_ms(&self) -> Option<u64> {
        match self {
            Delay::Fixed(delay) => Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
            _ => None,
        }
    }
}

/// A draw from the standard normal distribution (Box–Muller).
fn standard_normal() -> f64 {
    let u1: f64 = rand::random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rand::random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_delays_ignore_the_kind() {
        let delay = Delay::Fixed(Duration::from_millis(30));
        assert_eq!(delay.draw(Typical::secs(600)), Duration::from_millis(30));
    }

    #[test]
    fn realistic_delays_center_on_the_scaled_median() {
        let delay = Delay::Realistic { scale: 0.01 };
        let mut draws: Vec<f64> = (0..2001).map(|_| delay.draw(Typical::secs(100)).as_secs_f64()).collect();
        draws.sort_by(f64::total_cmp);
        let median = draws[1000];
        assert!((0.9..1.1).contains(&median), "median {median}");
        assert!(draws[0] < 0.7 && draws[2000] > 1.4, "jitter: {} .. {}", draws[0], draws[2000]);
    }
}
