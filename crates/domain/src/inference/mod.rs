//! Inference across frameworks: answers given against one catalog carried through mappings to
//! the controls of others, each derived status marked as inferred, with its path and the
//! answers it rests on. An answered control is never overwritten.
//!
//! [`status`] holds the rules for one mapping, [`graph`] turns stored mappings into links in
//! both directions (and finds mappings that contradict each other), [`solve`] finds the best
//! path to every reachable control.

mod graph;
mod solve;
mod status;

#[cfg(test)]
mod oracle_tests;

pub use graph::{Conflict, Mapping, NodeRef};
pub use solve::{Derived, Inference, Step, infer};
pub use status::Status;
