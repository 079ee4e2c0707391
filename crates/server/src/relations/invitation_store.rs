//! The invitations table: what the invitation flows (`invitations.rs`) store and read.

use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::{InvitationId, OrgId};
use kakehashi_domain::tenancy::Role;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::invitations::{FirmInvitation, Invitation, InvitationView, Purpose};
use crate::platform::audit::AuditEvent;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::tenancy::{Own, Scope};
use crate::platform::unit::Unit;

const VIEW: &str = "SELECT i.id, i.purpose, i.inviter_org, o.name AS inviter_name, i.email, i.firm_name, i.corporate_number, \
     i.kind, i.inviter_side, i.role, i.expires_at, i.used_at, i.revoked_at FROM invitations i \
     JOIN organisations o ON o.id = i.inviter_org";

fn optional<T: std::str::FromStr>(row: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error> {
    Ok(row.try_get::<Option<String>, _>(column)?.and_then(|s| s.parse().ok()))
}

fn view_from_row(row: &AnyRow) -> Result<InvitationView, sqlx::Error> {
    let purpose = match row.try_get::<String, _>("purpose")?.as_str() {
        "colleague" => Purpose::Colleague,
        _ => Purpose::Relationship,
    };
    Ok(InvitationView {
        id: parse_column(row, "id")?,
        purpose,
        inviter_org: parse_column(row, "inviter_org")?,
        inviter_name: row.try_get("inviter_name")?,
        email: row.try_get("email")?,
        firm_name: row.try_get("firm_name")?,
        corporate_number: row.try_get("corporate_number")?,
        kind: optional(row, "kind")?,
        inviter_side: optional(row, "inviter_side")?,
        role: optional(row, "role")?,
        expires_at: from_ms(row.try_get("expires_at")?),
        used_at: row.try_get::<Option<i64>, _>("used_at")?.map(from_ms),
        revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(from_ms),
    })
}

/// Stores a relationship invitation of the unit's organisation; only the token's digest is kept.
pub async fn insert_firm_invitation(
    unit: &mut Unit,
    id: InvitationId,
    token_digest: &str,
    invitation: &FirmInvitation,
    expires_at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let (org, actor, now) = (unit.org(), unit.actor(), unit.now());
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, purpose, inviter_org, inviter_user, email, firm_name, corporate_number, kind, \
         inviter_side, created_at, expires_at) VALUES ($1, $2, 'relationship', $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(token_digest)
    .bind(org.to_string())
    .bind(actor.to_string())
    .bind(invitation.email.as_str())
    .bind(&invitation.firm_name)
    .bind(invitation.corporate_number.as_ref().map(|n| n.as_str().to_owned()))
    .bind(invitation.kind.as_str())
    .bind(invitation.inviter_side.as_str())
    .bind(to_ms(now))
    .bind(to_ms(expires_at))
    .execute(unit.connection())
    .await
    .map(|_| ())
}

/// Stores an invitation to join the unit's organisation with `role`.
pub async fn insert_colleague_invitation(
    unit: &mut Unit,
    id: InvitationId,
    token_digest: &str,
    email: &EmailAddress,
    role: Role,
    expires_at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let (org, actor, now) = (unit.org(), unit.actor(), unit.now());
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, purpose, inviter_org, inviter_user, email, role, created_at, expires_at) \
         VALUES ($1, $2, 'colleague', $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(token_digest)
    .bind(org.to_string())
    .bind(actor.to_string())
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(to_ms(now))
    .bind(to_ms(expires_at))
    .execute(unit.connection())
    .await
    .map(|_| ())
}

/// How many members of the unit's organisation have the address `email`.
pub async fn count_members_with_email(unit: &mut Unit, email: &EmailAddress) -> Result<i64, sqlx::Error> {
    let org = unit.org();
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2",
    )
    .bind(org.to_string())
    .bind(email.as_str())
    .fetch_one(unit.connection())
    .await
}

/// The addresses of an organisation's admins.
pub async fn admin_addresses(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<EmailAddress>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND m.role = 'admin'",
    )
    .bind(org.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| parse_column(r, "email")).collect()
}

/// The acting organisation's invitations, newest first.
pub async fn sent(db: &Db, own: &Own<Invitation>) -> Result<Vec<InvitationView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE i.inviter_org = $1 ORDER BY i.created_at DESC, i.id DESC"));
    sqlx::query(sql).bind(own.owner().to_string()).fetch_all(db.pool()).await?.iter().map(view_from_row).collect()
}

/// Withdraws an unused invitation of the acting organisation; the link stops working.
pub async fn revoke(unit: &mut Unit, id: InvitationId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND inviter_org = $3 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(to_ms(unit.now()))
    .bind(id.to_string())
    .bind(unit.org().to_string())
    .execute(unit.connection())
    .await?
    .rows_affected()
        == 1;
    if done {
        unit.audit(AuditEvent::new("invitation.revoke").object("invitation", id.to_string()));
    }
    Ok(done)
}

/// The invitation whose link token has this digest, whatever its state.
pub async fn by_token_digest(db: &Db, token_digest: &str) -> Result<Option<InvitationView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE i.token_hash = $1"));
    sqlx::query(sql).bind(token_digest).fetch_optional(db.pool()).await?.as_ref().map(view_from_row).transpose()
}

/// Marks the invitation used inside the caller's transaction; `false` if it was used,
/// withdrawn or expired meanwhile (two tabs, a replayed link).
pub async fn spend(conn: &mut AnyConnection, id: InvitationId, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(to_ms(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}
