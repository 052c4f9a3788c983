//! End-to-end tests of accord live in `tests/tests/`.
