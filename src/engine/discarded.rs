//! Where a script throws a wait's value away: `wait_for_completion(r);` as a statement that is
//! not the last of its block (whose value a block, a function or the script would give). A
//! wait there need not read the object once more to return it as it now is, so scripts
//! written in the classic SDK's style (wait, then go on) cost no request more than they did.

use rhai::{ASTNode, Expr, Position, Stmt, AST};

/// The waits that return the object they waited for, read once more.
const WAITS: &[&str] = &["wait_for_completion", "wait_all"];

/// The positions of the waits in `ast` whose values nothing can read.
pub fn discarded_waits(ast: &AST) -> Vec<Position> {
    let mut lasts: Vec<Position> = ast.statements().last().map(Stmt::position).into_iter().collect();
    let mut waits = Vec::new();
    // The statements at the top of a function's body, each body in order, to find its last.
    let bodies: Vec<(Position, Position)> =
        ast.iter_fn_def().map(|f| (f.body.start_position(), f.body.end_position())).collect();
    let mut tops: Vec<Position> = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Stmt(stmt)) => {
                if path.len() == 1 {
                    tops.push(stmt.position());
                }
                match stmt {
                    Stmt::FnCall(call, at) if WAITS.contains(&call.name.as_str()) => waits.push(*at),
                    Stmt::If(flow, _) | Stmt::While(flow, _) | Stmt::Do(flow, ..) | Stmt::TryCatch(flow, _) => {
                        lasts.extend(flow.body.statements().last().map(Stmt::position));
                        lasts.extend(flow.branch.statements().last().map(Stmt::position));
                    }
                    Stmt::For(for_loop, _) => lasts.extend(for_loop.2.body.statements().last().map(Stmt::position)),
                    Stmt::Block(block) => lasts.extend(block.statements().last().map(Stmt::position)),
                    _ => {}
                }
            }
            Some(ASTNode::Expr(Expr::Stmt(block))) => lasts.extend(block.statements().last().map(Stmt::position)),
            _ => {}
        }
        true
    });
    for (start, end) in bodies {
        let inside = |at: &&Position| within(**at, start, end);
        lasts.extend(tops.iter().filter(inside).max_by_key(|at| (at.line(), at.position())).copied());
    }
    waits.retain(|at| !lasts.contains(at));
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
        let mut lines: Vec<usize> = discarded_waits(&ast).iter().filter_map(|p| p.line()).collect();
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
if true { wait_for_completion(a); 1 } else { wait_for_completion(a) }
for i in 0..2 { wait_for_completion(a); print(i); }
let c = { wait_for_completion(a); wait_for_completion(a) };
let h = |x| { wait_for_completion(x); x };
wait_for_completion(a)";
        assert_eq!(lines(script), [1, 4, 10, 11, 12, 13]);
    }
}
