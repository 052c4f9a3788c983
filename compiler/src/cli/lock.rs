//! `accord lock`: record every current type version in `accord.lock` as released.

use super::{Output, ProjectArg, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::lock::{render, LOCK_FILE};

/// Arguments of `accord lock`.
#[derive(Debug, clap::Args)]
pub struct LockArgs {
    #[command(flatten)]
    pub(super) project: ProjectArg,
}

pub(super) fn run(args: &LockArgs, output: &Output) -> i32 {
    let compilation = match crate::compile(&args.project.path) {
        Ok(compilation) => compilation,
        Err(error) => return output.load_error(error),
    };
    let Some(model) = compilation.valid_model() else {
        output.print_diagnostics(&compilation.sources, &compilation.diagnostics);
        eprintln!("error: the contracts have errors; {LOCK_FILE} was not written");
        return EXIT_ERRORS;
    };
    let path = compilation.project.root.join(LOCK_FILE);
    let text = render(model, &compilation.facts);
    if std::fs::read_to_string(&path).is_ok_and(|current| current == text) {
        eprintln!("{} is up to date", path.display());
        return EXIT_OK;
    }
    match std::fs::write(&path, text) {
        Ok(()) => {
            eprintln!(
                "wrote {} ({} type versions)",
                path.display(),
                model.type_versions().count()
            );
            EXIT_OK
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            EXIT_USAGE
        }
    }
}
