//! Rules of the platform services that every capability uses.

pub mod jobs;
