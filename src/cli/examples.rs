//! `ionosh examples`: the bundled scripts (`scripts/`), embedded in the binary so an installed
//! `ionosh` has them: listed with what each does, shown, or copied into a directory to edit.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;

use super::CliError;

/// The bundled scripts, by name.
static EXAMPLES: &[(&str, &str)] = &[
    ("app_load_balancer", include_str!("../../scripts/app_load_balancer.rhai")),
    ("component_build", include_str!("../../scripts/component_build.rhai")),
    ("composite_build", include_str!("../../scripts/composite_build.rhai")),
    ("create_datacenter", include_str!("../../scripts/create_datacenter.rhai")),
    ("k8s_cluster", include_str!("../../scripts/k8s_cluster.rhai")),
    ("labels", include_str!("../../scripts/labels.rhai")),
    ("list_datacenters", include_str!("../../scripts/list_datacenters.rhai")),
    ("nat_gateway", include_str!("../../scripts/nat_gateway.rhai")),
    ("nf_network", include_str!("../../scripts/nf_network.rhai")),
    ("parallel_servers", include_str!("../../scripts/parallel_servers.rhai")),
    ("queued_build", include_str!("../../scripts/queued_build.rhai")),
    ("reserve_ipblock", include_str!("../../scripts/reserve_ipblock.rhai")),
    ("search_images", include_str!("../../scripts/search_images.rhai")),
    ("security_group", include_str!("../../scripts/security_group.rhai")),
    ("teardown", include_str!("../../scripts/teardown.rhai")),
    ("web_stack", include_str!("../../scripts/web_stack.rhai")),
    ("web_tier", include_str!("../../scripts/web_tier.rhai")),
    ("zero_trust_vm", include_str!("../../scripts/zero_trust_vm.rhai")),
];

/// What `ionosh examples` does.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the bundled scripts with what each does (the default).
    List,
    /// Print a script.
    Show {
        /// The script's name (`web_stack`).
        name: String,
    },
    /// Copy a script into a directory (the current one by default) as NAME.rhai, never over a
    /// file that is there.
    Copy {
        /// The script's name (`web_stack`).
        name: String,
        /// Where to put it.
        dir: Option<std::path::PathBuf>,
    },
}

/// Runs `ionosh examples [ACTION]`.
pub fn run(action: Option<Action>) -> Result<ExitCode, CliError> {
    match action.unwrap_or(Action::List) {
        Action::List => {
            let width = EXAMPLES.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
            for (name, text) in EXAMPLES {
                println!("{name:width$}  {}", summary(text));
            }
        }
        Action::Show { name } => print!("{}", find(&name)?),
        Action::Copy { name, dir } => {
            let text = find(&name)?;
            let dir = dir.unwrap_or_else(|| Path::new(".").to_path_buf());
            let path = dir.join(format!("{name}.rhai"));
            let io = |source| CliError::Io { path: path.clone(), source };
            std::fs::create_dir_all(&dir).map_err(io)?;
            let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(io)?;
            std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)?;
            println!("{}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A script by name (with or without `.rhai`), or an error listing the names.
fn find(name: &str) -> Result<&'static str, CliError> {
    let wanted = name.trim_end_matches(".rhai");
    EXAMPLES.iter().find(|(n, _)| *n == wanted).map(|(_, text)| *text).ok_or_else(|| {
        let names: Vec<&str> = EXAMPLES.iter().map(|(n, _)| *n).collect();
        CliError::Usage(format!("no example named '{name}' (examples: {})", names.join(", ")))
    })
}

/// What a script does: the first line of its opening comment.
fn summary(text: &str) -> String {
    let first = text.lines().map(str::trim).find(|l| l.starts_with("//")).unwrap_or_default();
    first.trim_start_matches('/').trim().to_string()
}
