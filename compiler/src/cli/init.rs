//! `accord init`: create `accord.toml`, and a schemas directory with an example when there is none.

use super::{EXIT_OK, EXIT_USAGE};
use crate::config::{CONFIG_FILE, INIT_TEMPLATE};
use std::path::{Path, PathBuf};

/// Arguments of `accord init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The project directory.
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

const EXAMPLE: &str = r#"package example;

/// A greeting, as published on the greetings topic.
record Greeting {
  version 1 {
    id: uuid @key;
    text: string;
  }
}
"#;

pub(super) fn run(args: &InitArgs) -> i32 {
    match init(&args.path) {
        Ok(created) => {
            for path in created {
                println!("created {}", path.display());
            }
            EXIT_OK
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
    }
}

fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        return Err(format!(
            "{} already exists; not overwriting it",
            config.display()
        ));
    }
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(&schemas).map_err(|e| io_error(&schemas, e))?;
    std::fs::write(&config, INIT_TEMPLATE).map_err(|e| io_error(&config, e))?;
    let mut created = vec![config];
    let empty = std::fs::read_dir(&schemas)
        .map_err(|e| io_error(&schemas, e))?
        .next()
        .is_none();
    if empty {
        let example = schemas.join("example.accord");
        std::fs::write(&example, EXAMPLE).map_err(|e| io_error(&example, e))?;
        created.push(example);
    }
    Ok(created)
}

fn io_error(path: &Path, error: std::io::Error) -> String {
    format!("cannot write {}: {error}", path.display())
}
