//! Schema-registry compatibility modes on top of the reader/writer check.
//!
//! | mode | checks the new schema against | direction |
//! |---|---|---|
//! | `backward` | the previous version | the new schema reads data written with the old one |
//! | `forward` | the previous version | the old schema reads data written with the new one |
//! | `full` | the previous version | both |
//! | `*_transitive` | every earlier version | as above |
//! | `none` | nothing | |

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use super::compat::{check_compatibility, CompatError, Compatibility};
use super::schema::Schema;

/// A schema-registry compatibility mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CompatMode {
    /// The new schema reads data of the previous one.
    #[default]
    Backward,
    /// The new schema reads data of every earlier one.
    BackwardTransitive,
    /// The previous schema reads data of the new one.
    Forward,
    /// Every earlier schema reads data of the new one.
    ForwardTransitive,
    /// Backward and forward against the previous schema.
    Full,
    /// Backward and forward against every earlier schema.
    FullTransitive,
    /// No check.
    None,
}

impl CompatMode {
    /// Every mode, in declaration order.
    pub const ALL: [CompatMode; 7] = [
        CompatMode::Backward,
        CompatMode::BackwardTransitive,
        CompatMode::Forward,
        CompatMode::ForwardTransitive,
        CompatMode::Full,
        CompatMode::FullTransitive,
        CompatMode::None,
    ];

    /// The snake_case name (`backward_transitive`).
    pub fn name(self) -> &'static str {
        match self {
            CompatMode::Backward => "backward",
            CompatMode::BackwardTransitive => "backward_transitive",
            CompatMode::Forward => "forward",
            CompatMode::ForwardTransitive => "forward_transitive",
            CompatMode::Full => "full",
            CompatMode::FullTransitive => "full_transitive",
            CompatMode::None => "none",
        }
    }

    /// The directions this mode checks.
    pub fn directions(self) -> &'static [Direction] {
        match self {
            CompatMode::Backward | CompatMode::BackwardTransitive => &[Direction::Backward],
            CompatMode::Forward | CompatMode::ForwardTransitive => &[Direction::Forward],
            CompatMode::Full | CompatMode::FullTransitive => {
                &[Direction::Backward, Direction::Forward]
            }
            CompatMode::None => &[],
        }
    }

    /// Whether the mode checks every earlier version rather than only the previous one.
    pub fn is_transitive(self) -> bool {
        matches!(
            self,
            CompatMode::BackwardTransitive
                | CompatMode::ForwardTransitive
                | CompatMode::FullTransitive
        )
    }
}

impl fmt::Display for CompatMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown mode name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMode(pub String);

impl fmt::Display for UnknownMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = CompatMode::ALL.iter().map(|m| m.name()).collect();
        write!(
            f,
            "unknown compatibility mode `{}` (expected one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownMode {}

impl FromStr for CompatMode {
    type Err = UnknownMode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        CompatMode::ALL
            .into_iter()
            .find(|m| m.name() == text)
            .ok_or_else(|| UnknownMode(text.to_string()))
    }
}

/// Which way data flows in one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The new schema reads data written with the old one.
    Backward,
    /// The old schema reads data written with the new one.
    Forward,
}

impl Direction {
    /// `"backward"` or `"forward"`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Backward => "backward",
            Direction::Forward => "forward",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The result of checking the new schema against one old version in one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairCheck {
    /// The index of the old version in the history (0 = oldest).
    pub old_index: usize,
    /// The direction checked.
    pub direction: Direction,
    /// Java's verdict, or the error Java throws.
    pub outcome: Result<Compatibility, CompatError>,
}

impl PairCheck {
    /// Whether this check passed (a Java exception counts as a failure).
    pub fn is_compatible(&self) -> bool {
        self.outcome
            .as_ref()
            .is_ok_and(Compatibility::is_compatible)
    }
}

/// Checks `new` against `history` (oldest first) under `mode`: one [`PairCheck`] per old version
/// and direction, the most recent version first. The history holds schemas or anything that
/// borrows as one (`&Schema`, `Rc<Schema>`).
pub fn check_history<S: Borrow<Schema>>(
    new: &Schema,
    history: &[S],
    mode: CompatMode,
) -> Vec<PairCheck> {
    let count = if mode.is_transitive() {
        history.len()
    } else {
        history.len().min(1)
    };
    let olds = history.iter().enumerate().rev().take(count);
    olds.flat_map(|(old_index, old)| {
        let old = old.borrow();
        mode.directions().iter().map(move |&direction| {
            let (reader, writer) = match direction {
                Direction::Backward => (new, old),
                Direction::Forward => (old, new),
            };
            PairCheck {
                old_index,
                direction,
                outcome: check_compatibility(reader, writer),
            }
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(value: serde_json::Value) -> Schema {
        Schema::parse(&value).unwrap()
    }

    #[test]
    fn names_round_trip() {
        for mode in CompatMode::ALL {
            assert_eq!(mode.to_string().parse::<CompatMode>(), Ok(mode));
        }
        assert!("BACKWARD".parse::<CompatMode>().is_err());
    }

    #[test]
    fn transitive_modes_check_every_version() {
        let v1 = schema(json!("int"));
        let v2 = schema(json!("long"));
        let v3 = schema(json!("long"));
        let history = [v1, v2];
        let plain = check_history(&v3, &history, CompatMode::Forward);
        assert_eq!(plain.len(), 1);
        assert!(plain[0].is_compatible());
        let transitive = check_history(&v3, &history, CompatMode::ForwardTransitive);
        assert_eq!(transitive.len(), 2);
        assert_eq!(
            (transitive[1].old_index, transitive[1].is_compatible()),
            (0, false)
        );
        assert_eq!(
            check_history(&v3, &history, CompatMode::FullTransitive).len(),
            4
        );
        assert!(check_history(&v3, &history, CompatMode::None).is_empty());
    }
}
