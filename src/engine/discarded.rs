//! Where a script throws a wait's value away: `wait_for_completion(r);` as a statement that is
//! not the last of its block (whose value a block, a function or the script would give). A
//! wait there need not read the object once more to return it as it now is, so scripts
//! written in the classic SDK's style (wait, then go on) cost no request more than they did.

use rhai::{ASTNode, Expr, Position, Stmt, AST};

/// The waits that return the object they waited for, read once more.
const WAITS: &[&str] = &["wait_for_completion", "wait_all"];

/// The positions of the waits in `ast` whose values nothing can read; the value of the
/// script's last statement is read only when `value_read` (a run printing it as JSON; a
/// module's never is).
pub fn discarded_waits(ast: &AST, value_read: bool) -> Vec<Position> {
    // The statements at the top of the script and of each function's body, and the waits.
    let mut tops: Vec<Position> = Vec::new();
    let mut waits = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(stmt)) = path.last() {
            if path.len() == 1 {
                tops.push(stmt.position());
            }
            if let Stmt::FnCall(call, at) = stmt {
                if WAITS.contains(&call.name.as_str()) {
                    waits.push(*at);
                }
            }
        }
        true
    });
    // The last statement of each function gives its value, and the script's when it is read.
    let mut used: Vec<Position> =
        ast.statements().last().map(Stmt::position).into_iter().filter(|_| value_read).collect();
    for f in ast.iter_fn_def() {
        let (start, end) = (f.body.start_position(), f.body.end_position());
        used.extend(tops.iter().filter(|at| within(**at, start, end)).max_by_key(|at| (at.line(), at.position())));
    }
    // Parents come before their children: a block's last statement gives its value when the
    // block's own value is used (an `if` or `try` that is itself last, any block expression);
    // a loop's body gives none.
    let last = |block: &rhai::StmtBlock| block.statements().last().map(Stmt::position);
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Stmt(stmt)) if used.contains(&stmt.position()) => match stmt {
                Stmt::If(flow, _) | Stmt::TryCatch(flow, _) => {
                    used.extend(last(&flow.body).into_iter().chain(last(&flow.branch)))
                }
                Stmt::Block(block) => used.extend(last(block)),
                _ => {}
            },
            Some(ASTNode::Expr(Expr::Stmt(block))) => used.extend(last(block)),
            _ => {}
        }
        true
    });
    waits.retain(|at| !used.contains(at));
    waits
}

/// Whether `at` lies between `start` and `end` of one source.
fn within(at: Position, start: Position, end: Position) -> bool {
    let key = |p: Position| (p.line().unwrap_or(0), p.position().unwrap_or(0));
    key(start) <= key(at) && key(at) <= key(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(script: &str) -> Vec<usize> {
        let ast = rhai::Engine::new().compile(script).expect("compiles");
        let mut lines: Vec<usize> = discarded_waits(&ast, true).iter().filter_map(|p| p.line()).collect();
        lines.sort_unstable();
        lines
    }

    #[test]
    fn a_wait_whose_value_is_kept_or_given_back_is_not_discarded() {
        let script = "\
wait_for_completion(a);
let b = wait_for_completion(a);
fn f(x) {
    wait_all([x]);
    wait_for_completion(x)
}
fn g(x) {
    wait_for_completion(x);
}
if c { wait_for_completion(a); 1 } else { wait_for_completion(a) }
for i in 0..2 { wait_for_completion(a); print(i); wait_for_completion(a) }
let c = { wait_for_completion(a); wait_for_completion(a) };
let h = |x| { wait_for_completion(x); x };
try { wait_for_completion(a); wait_for_completion(a) } catch { }
let d = if c { wait_for_completion(a) } else { () };
fn k(x) { if x { wait_for_completion(x) } else { wait_for_completion(x); 1 } }
wait_for_completion(a)";
        // Kept: 2, 5, 8 (the function's last), 12 (the block's last), 15, 16 (k's if is its
        // last), 17 (the script's last, when its value is read).
        assert_eq!(lines(script), [1, 4, 10, 10, 11, 11, 12, 13, 14, 14, 16]);
        let ast = rhai::Engine::new().compile(script).expect("compiles");
        assert!(discarded_waits(&ast, false).iter().any(|p| p.line() == Some(17)));
    }
}
