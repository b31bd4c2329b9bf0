//! How a running wait shows on stderr. On a terminal: a spinner (indicatif) with what is
//! waited for, its status and the time elapsed, cleared when the wait ends. Elsewhere (a log,
//! a CI job): a line every [`Display::every`] — `still waiting for request …: RUNNING (2m10s)`,
//! as terraform's "Still creating…" — so a long wait is never silent, and short ones print
//! nothing.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use console::Term;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// The environment variable setting how often a wait prints a line when stderr is not a
/// terminal, in seconds (default 30).
pub const EVERY_VARIABLE: &str = "IONOSH_PROGRESS_EVERY";

/// The waits of one engine, shown one at a time.
#[derive(Debug)]
pub struct Display {
    terminal: bool,
    every: Duration,
    runtime: tokio::runtime::Handle,
    current: Arc<Mutex<Option<Current>>>,
}

/// The wait being shown.
#[derive(Debug)]
struct Current {
    what: String,
    state: String,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Display {
    /// A display on stderr: a spinner when it is a terminal, periodic lines otherwise.
    pub fn new(runtime: tokio::runtime::Handle) -> Self {
        let every = std::env::var(EVERY_VARIABLE)
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .map_or(Duration::from_secs(30), Duration::from_secs_f64);
        Display { terminal: std::io::stderr().is_terminal(), every, runtime, current: Arc::default() }
    }

    /// Shows that `what` is in `state`, `elapsed` into its wait.
    pub fn show(&self, what: &str, state: &str, elapsed: Duration) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(shown) = current.as_mut() {
            shown.what = what.to_string();
            shown.state = state.to_string();
            if let Some(bar) = &shown.bar {
                bar.set_prefix(what.to_string());
                bar.set_message(state.to_string());
            }
            return;
        }
        let started = Instant::now().checked_sub(elapsed).unwrap_or_else(Instant::now);
        let bar = self.terminal.then(|| spinner(what, state, elapsed));
        *current = Some(Current { what: what.to_string(), state: state.to_string(), started, bar });
        if !self.terminal {
            self.print_lines(started);
        }
    }

    /// Ends the wait being shown: the spinner is cleared, the lines stop.
    pub fn end(&self) {
        let ended = self.current.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(bar) = ended.and_then(|c| c.bar) {
            bar.finish_and_clear();
        }
    }

    /// Prints a line every [`Display::every`] while the wait that started at `started` lasts.
    fn print_lines(&self, started: Instant) {
        let (current, every) = (Arc::clone(&self.current), self.every);
        self.runtime.spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                match current.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
                    Some(shown) if shown.started == started => eprintln!(
                        "{}",
                        crate::printable::escape_line(&format!(
                            "still waiting for {}: {} ({})",
                            shown.what,
                            shown.state,
                            human(started.elapsed())
                        ))
                    ),
                    _ => return,
                }
            }
        });
    }
}

/// The terminal spinner: `⠋ waiting for request …: RUNNING (3s, Ctrl-C stops)`.
fn spinner(what: &str, state: &str, elapsed: Duration) -> ProgressBar {
    let style = ProgressStyle::with_template("{spinner} waiting for {prefix}: {msg} ({elapsed}, Ctrl-C stops)")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ");
    let target = ProgressDrawTarget::term_like_with_hz(Box::new(Margin(Term::stderr())), 20);
    let bar = ProgressBar::with_draw_target(None, target)
        .with_style(style)
        .with_prefix(what.to_string())
        .with_message(state.to_string())
        .with_elapsed(elapsed);
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// stderr, said to be a few columns narrower than it is. indicatif pads the spinner's line
/// to the terminal's width; stopping short of the last column keeps the terminal's own echo
/// of Ctrl-C (`^C`) on that line, where clearing the line removes both.
#[derive(Debug)]
struct Margin(Term);

impl Margin {
    const COLUMNS: u16 = 4;
}

impl TermLike for Margin {
    fn width(&self) -> u16 {
        TermLike::width(&self.0).saturating_sub(Self::COLUMNS).max(1)
    }

    fn height(&self) -> u16 {
        TermLike::height(&self.0)
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }

    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// A duration as people write it: `42s`, `2m10s`, `1h02m`.
pub fn human(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3600 => format!("{}m{:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h{:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(human(Duration::from_secs(42)), "42s");
        assert_eq!(human(Duration::from_secs(130)), "2m10s");
        assert_eq!(human(Duration::from_secs(3720)), "1h02m");
    }
}
