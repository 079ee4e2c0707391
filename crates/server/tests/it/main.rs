//! The integration tests, in one binary: each module was its own test binary, and each linked
//! the whole server again (20-odd links on two cores). Shared helpers live in `kakehashi-testkit`.

mod admin_safety;
mod assessments;
mod audit_chain;
mod auth;
mod backup;
mod baseline;
mod browser;
mod catalogs;
mod common_items;
mod cross_tenant;
mod crosswalks;
mod evidence;
mod hostile_input;
mod inference;
mod invitations;
mod jobs_and_mail;
mod layout;
mod migrations;
mod profiles;
mod questionnaires;
mod registry;
mod review;
mod roles;
mod schemathesis;
mod security;
mod shell;
mod story;
mod unit_of_work;
