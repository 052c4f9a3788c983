//! The one error type of the runtime: what went wrong, and where in the value.

use std::fmt;

/// An encode or decode error: a message and the path of the value it concerns
/// (`payload.lines[1].sku`; empty at the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    path: String,
    message: String,
}

impl Error {
    /// An error at the current position.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            path: String::new(),
            message: message.into(),
        }
    }

    /// The same error seen from the enclosing value: `segment` is a field name or `[index]`.
    #[cold]
    pub fn within(mut self, segment: &str) -> Error {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            format!("{segment}{}", self.path)
        } else {
            format!("{segment}.{}", self.path)
        };
        self
    }

    /// Where in the value the error is (empty at the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Error {
        Error::new(format!("JSON: {error}"))
    }
}

/// Shorthand for results of the runtime.
pub type Result<T, E = Error> = std::result::Result<T, E>;
