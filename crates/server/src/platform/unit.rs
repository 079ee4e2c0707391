//! A unit of work: one request's writes, in one transaction that carries who acts, for which
//! organisation and at what time. Its audit entries and mail are written in the same
//! transaction, so they commit with the data or not at all; dropping the unit undoes it all.
//!
//! Only [`AppState::begin`] opens one, and only for a caller whose role has the permission the
//! writes need: the read-only role and the operator's console get no unit, so no store write.

use std::sync::Arc;

use kakehashi_domain::ids::{MailId, OrgId, UserId};
use kakehashi_domain::tenancy::Permission;
use sqlx::AnyConnection;
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::platform::audit::AuditEvent;
use crate::platform::db::WriteTx;
use crate::platform::error::AppError;
use crate::platform::outbox::{self, Mail};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, Own};

/// One request's writes for the acting organisation (see the module comment). Its fields are
/// private, so a store's write cannot be reached without [`AppState::begin`]:
///
/// ```compile_fail,E0451
/// use kakehashi_server::platform::db::WriteTx;
/// use kakehashi_server::platform::unit::Unit;
/// fn forge(tx: WriteTx) -> Unit {
///     Unit { tx, org: todo!(), actor: todo!(), now: todo!(), job_bell: todo!(), queued_jobs: false }
/// }
/// ```
#[derive(Debug)]
pub struct Unit {
    tx: WriteTx,
    org: OrgId,
    actor: UserId,
    now: OffsetDateTime,
    job_bell: Arc<Notify>,
    queued_jobs: bool,
}

impl AppState {
    /// Opens the request's unit of work for `acting`, whose writes need `needs`; a role without
    /// it is refused (403) before anything is opened.
    #[tracing::instrument(level = "debug", skip_all, fields(org.id = %acting.org_id(), needs = ?needs))]
    pub async fn begin(&self, acting: &Acting, actor: UserId, needs: Permission) -> Result<Unit, AppError> {
        if !acting.allows(needs) {
            return Err(AppError::Forbidden);
        }
        let tx = self.db().write().await?;
        Ok(Unit { tx, org: acting.org_id(), actor, now: self.now(), job_bell: self.job_bell(), queued_jobs: false })
    }
}

impl Unit {
    /// The transaction, for the stores of the acting organisation.
    pub fn connection(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// The scope of the acting organisation's own objects of type `T`.
    pub fn own<T>(&self) -> Own<T> {
        Own::of(self.org)
    }

    /// The organisation the writes are for.
    pub fn org(&self) -> OrgId {
        self.org
    }

    /// Who is writing.
    pub fn actor(&self) -> UserId {
        self.actor
    }

    /// The time of the request: every row and entry of the unit carries the same.
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// Records `event` as done by the actor for the acting organisation: it is appended to
    /// the audit log when the unit commits, in the same transaction as the unit's writes.
    pub fn audit(&mut self, event: AuditEvent) {
        let event = event.actor(Some(self.actor)).acting_for(self.org);
        self.tx.audit_on_commit(event, self.now);
    }

    /// Queues `mail` in this unit: it is sent only if the unit commits.
    pub async fn send(&mut self, mail: Mail) -> Result<MailId, sqlx::Error> {
        let id = outbox::enqueue(&mut self.tx, mail, self.now).await?;
        self.queued_jobs = true;
        Ok(id)
    }

    /// Makes every write of the unit durable, together; then wakes the job runner if the unit
    /// queued mail, so it goes out at once rather than at the next poll.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        if self.queued_jobs {
            self.job_bell.notify_one();
        }
        Ok(())
    }
}
