//! A person's own account: their memberships, password, two-factor authentication, and the
//! password reset for those who forgot it.

pub mod api;
mod pages;
mod sign_in_pages;
mod two_factor_pages;

use axum::http::Method;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/account", Access::Enrolling, pages::overview)
        .page(Method::POST, "/account/password", Access::SignedIn, pages::change_password)
        .page(Method::GET, "/account/two-factor", Access::Enrolling, two_factor_pages::show)
        .page(Method::POST, "/account/two-factor", Access::Enrolling, two_factor_pages::enable)
        .page(Method::POST, "/account/two-factor/disable", Access::SignedIn, two_factor_pages::disable)
        .page(Method::GET, "/password/forgot", Access::Public, pages::forgot_form)
        .page(Method::POST, "/password/forgot", Access::Public, pages::forgot)
        .page(Method::GET, "/password/reset", Access::Public, pages::reset_form)
        .page(Method::POST, "/password/reset", Access::Public, pages::reset)
        .merge(api::routes())
        .merge(sign_in_pages::routes())
}
