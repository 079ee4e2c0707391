//! Kakehashi's domain: the types and rules of every capability, free of I/O.
//!
//! Nothing here talks to a database, a socket or the system clock. Time comes in through
//! [`clock::Clock`], so every rule can be tested exactly.
//!
//! Module map:
//! - [`assess`]: the self-check: answer scale, screens, scoring rule, tier reached, next steps.
//! - [`baseline`]: our tiered common baseline and the extraction of common items.
//! - [`campaign`]: requests to many suppliers at once: their states, validity, reminders and
//!   exceptions.
//! - [`catalog`]: catalogs of controls (frameworks, guidelines) and their labels.
//! - [`ids`]: a newtype for every entity id, so ids of different kinds cannot be mixed up.
//! - [`clock`]: the injected clock (system clock in production, a movable one in tests).
//! - [`locale`]: the UI languages (Japanese first, English beside it).
//! - [`message`]: what a person is told (a message key and its arguments), before translation.
//! - [`inference`]: answers carried across frameworks through mappings, with their paths.
//! - [`identity`]: accounts: e-mail addresses, display names, password rules.
//! - [`platform`]: rules of the platform services (job retry policy).
//! - [`text`]: which characters no text field accepts.
//! - [`tenancy`]: organisations, roles, relationships between organisations, and grants (the one
//!   sharing mechanism every capability uses).

pub mod assess;
pub mod baseline;
pub mod campaign;
pub mod catalog;
pub mod clock;
pub mod identity;
pub mod ids;
pub mod inference;
pub mod locale;
pub mod message;
pub mod platform;
pub mod tenancy;
pub mod text;
