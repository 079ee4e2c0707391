//! The object a route's path names, loaded through the tenant before the handler runs: a
//! handler that takes [`OwnPath<T>`] starts with an object of the acting organisation's own,
//! and another organisation's id, or one that names nothing, is "not found" before the handler
//! (or its body's parsing) is reached. svix's `permissions.rs` does the same for its apps.

use std::future::Future;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::{Acting, Own, Shareable};
use crate::platform::db::Db;
use crate::platform::error::AppError;
use crate::platform::state::AppState;

/// A kind of object a path can name, with how to find whether the acting organisation has it.
/// Each capability implements it for its own types.
pub trait OwnedObject: Shareable + Sized + 'static {
    /// Whether `id` names one of the objects `scope` reaches.
    fn exists(db: &Db, scope: &Own<Self>, id: Self::Id) -> impl Future<Output = Result<bool, sqlx::Error>> + Send;
}

/// The acting organisation's own object named by the route's one path parameter.
#[derive(Debug)]
pub struct OwnPath<T: OwnedObject> {
    pub id: T::Id,
    pub scope: Own<T>,
}

impl<T> FromRequestParts<AppState> for OwnPath<T>
where
    T: OwnedObject,
    T::Id: Send,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        let id: T::Id = raw.parse().map_err(|_| AppError::NotFound)?;
        let acting = Acting::from_request_parts(parts, state).await?;
        let scope = acting.own::<T>();
        if T::exists(state.db(), &scope, id).await? { Ok(OwnPath { id, scope }) } else { Err(AppError::NotFound) }
    }
}
