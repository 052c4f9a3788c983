//! accord-macros: the derive macros land with their issue.
