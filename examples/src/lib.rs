//! Runnable examples for the workspace crates: see the `[[example]]` entries.
