//! Each person's home: after sign-in, what awaits them for the organisation and role they act
//! with. The supplier sees its self-checks with where each stands, what reviewers asked and
//! evidence about to expire; a reviewer the self-checks received, with what waits for a
//! decision; an admin the link requests and invitations; the operator the state of the system.
//! This module only composes what the capabilities already read; it writes nothing.

mod pages;
mod store;

use axum::http::Method;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/", Access::Public, pages::home)
}
