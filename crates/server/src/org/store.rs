//! The `organisations` and `memberships` tables.

use kakehashi_domain::identity::{CorporateNumber, EmailAddress};
use kakehashi_domain::ids::{MembershipId, OrgId, UserId};
use kakehashi_domain::tenancy::{Country, IncidentContact, OrgProfile, Role};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::platform::audit::AuditEvent;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::tenancy::{Own, Scope, Shareable};
use crate::platform::unit::Unit;

impl Shareable for OrgProfile {
    const KIND: kakehashi_domain::tenancy::ObjectKind = kakehashi_domain::tenancy::ObjectKind::OrgProfile;
    /// An organisation has one profile, so the profile's id is the organisation's.
    type Id = OrgId;
}

/// The membership records (a type for scoping).
#[derive(Debug)]
pub struct Member;

/// An organisation's profile with its id.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgView {
    #[schema(value_type = String)]
    pub id: OrgId,
    #[schema(value_type = Object)]
    pub profile: OrgProfile,
    /// The mail domain the organisation's admin confirmed as its own.
    pub mail_domain: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    #[schema(value_type = String)]
    pub id: MembershipId,
    #[schema(value_type = String)]
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    #[schema(value_type = String)]
    pub role: Role,
    pub has_two_factor: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub since: OffsetDateTime,
}

/// Registers an organisation, inside the caller's transaction.
pub async fn insert(conn: &mut AnyConnection, profile: &OrgProfile, now: OffsetDateTime) -> Result<OrgId, sqlx::Error> {
    let id = OrgId::new();
    sqlx::query(
        "INSERT INTO organisations (id, name, corporate_number, country, industry, size_band, prefecture, region, \
         incident_contact_name, incident_contact_email, incident_contact_phone, support_provider, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(id.to_string())
    .bind(profile.name.as_str())
    .bind(profile.corporate_number.as_ref().map(|n| n.as_str().to_owned()))
    .bind(profile.country.as_str())
    .bind(profile.industry.map(|i| i.as_str()))
    .bind(profile.size.map(|s| s.as_str()))
    .bind(profile.prefecture.map(|p| p.code()))
    .bind(&profile.region)
    .bind(&profile.incident_contact.name)
    .bind(profile.incident_contact.email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(&profile.incident_contact.phone)
    .bind(&profile.support_provider)
    .bind(to_ms(now))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Adds a person to an organisation, inside the caller's transaction.
pub async fn add_member(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    role: Role,
    now: OffsetDateTime,
) -> Result<MembershipId, sqlx::Error> {
    let id = MembershipId::new();
    sqlx::query("INSERT INTO memberships (id, org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(user.to_string())
        .bind(role.as_str())
        .bind(to_ms(now))
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

const PROFILE_COLUMNS: &str = "id, name, corporate_number, country, industry, size_band, prefecture, region, \
     incident_contact_name, incident_contact_email, incident_contact_phone, support_provider, mail_domain, updated_at";

fn optional<T: std::str::FromStr>(row: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error>
where
    T::Err: std::fmt::Display,
{
    row.try_get::<Option<String>, _>(column)?
        .map(|s| s.parse::<T>().map_err(|e| sqlx::Error::Decode(format!("column {column}: {e}").into())))
        .transpose()
}

fn view_from_row(row: &AnyRow) -> Result<OrgView, sqlx::Error> {
    Ok(OrgView {
        id: parse_column(row, "id")?,
        profile: OrgProfile {
            name: parse_column(row, "name")?,
            corporate_number: optional::<CorporateNumber>(row, "corporate_number")?,
            country: parse_column::<Country>(row, "country")?,
            industry: optional(row, "industry")?,
            size: optional(row, "size_band")?,
            prefecture: optional(row, "prefecture")?,
            region: row.try_get("region")?,
            incident_contact: IncidentContact {
                name: row.try_get("incident_contact_name")?,
                email: optional::<EmailAddress>(row, "incident_contact_email")?,
                phone: row.try_get("incident_contact_phone")?,
            },
            support_provider: row.try_get("support_provider")?,
        },
        mail_domain: row.try_get("mail_domain")?,
        updated_at: from_ms(row.try_get("updated_at")?),
    })
}

/// The full profile of the organisation the scope reaches (its own, or one shared with it).
pub async fn profile(db: &Db, scope: &impl Scope<OrgProfile>) -> Result<Option<OrgView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {PROFILE_COLUMNS} FROM organisations WHERE id = $1"));
    sqlx::query(sql)
        .bind(scope.owner().to_string())
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(view_from_row)
        .transpose()
}

/// The corporate number belongs to a registered organisation: which.
pub async fn by_corporate_number(db: &Db, number: &CorporateNumber) -> Result<Option<(OrgId, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name FROM organisations WHERE corporate_number = $1")
        .bind(number.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((parse_column(&r, "id")?, r.try_get("name")?))).transpose()
}

/// The organisation whose admin confirmed this mail domain, if any.
pub async fn by_mail_domain(db: &Db, domain: &str) -> Result<Option<(OrgId, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name FROM organisations WHERE mail_domain = $1")
        .bind(domain.to_lowercase())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((parse_column(&r, "id")?, r.try_get("name")?))).transpose()
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("another organisation is registered with this corporate number")]
    CorporateNumberTaken,
    #[error("another organisation already confirmed this mail domain")]
    DomainTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// Replaces the acting organisation's profile, audited.
pub async fn update_profile(unit: &mut Unit, p: &OrgProfile) -> Result<(), ProfileError> {
    let (org, now) = (unit.org(), unit.now());
    let updated = sqlx::query(
        "UPDATE organisations SET name = $1, corporate_number = $2, country = $3, industry = $4, size_band = $5, \
         prefecture = $6, region = $7, incident_contact_name = $8, incident_contact_email = $9, incident_contact_phone = $10, \
         support_provider = $11, updated_at = $12 WHERE id = $13",
    )
    .bind(p.name.as_str())
    .bind(p.corporate_number.as_ref().map(|n| n.as_str().to_owned()))
    .bind(p.country.as_str())
    .bind(p.industry.map(|i| i.as_str()))
    .bind(p.size.map(|s| s.as_str()))
    .bind(p.prefecture.map(|p| p.code()))
    .bind(&p.region)
    .bind(&p.incident_contact.name)
    .bind(p.incident_contact.email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(&p.incident_contact.phone)
    .bind(&p.support_provider)
    .bind(to_ms(now))
    .bind(org.to_string())
    .execute(unit.connection())
    .await;
    match updated {
        Err(e) if is_unique_violation(&e) => return Err(ProfileError::CorporateNumberTaken),
        other => other?,
    };
    unit.audit(AuditEvent::new("org.update_profile").object("org", org.to_string()));
    Ok(())
}

/// Records that the acting organisation's mail domain is `domain` (the admin's own address is
/// on it, which is how they confirm it), audited.
pub async fn confirm_mail_domain(unit: &mut Unit, domain: &str) -> Result<(), ProfileError> {
    let org = unit.org();
    let done = sqlx::query("UPDATE organisations SET mail_domain = $1, updated_at = $2 WHERE id = $3")
        .bind(domain.to_lowercase())
        .bind(to_ms(unit.now()))
        .bind(org.to_string())
        .execute(unit.connection())
        .await;
    match done {
        Err(e) if is_unique_violation(&e) => return Err(ProfileError::DomainTaken),
        other => other?,
    };
    let event = AuditEvent::new("org.confirm_domain").object("org", org.to_string()).detail("domain", domain);
    unit.audit(event);
    Ok(())
}

/// The name of an organisation linked to the caller by a relationship or grant (never a profile).
pub async fn name_of(db: &Db, org: OrgId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM organisations WHERE id = $1")
        .bind(org.to_string())
        .fetch_optional(db.pool())
        .await
}

const MEMBER_VIEW: &str = "SELECT m.id, m.user_id, m.role, m.created_at, u.display_name, u.email, u.totp_secret \
     FROM memberships m JOIN users u ON u.id = m.user_id";

fn member_from_row(row: &AnyRow) -> Result<MemberView, sqlx::Error> {
    Ok(MemberView {
        id: parse_column(row, "id")?,
        user_id: parse_column(row, "user_id")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: parse_column(row, "role")?,
        has_two_factor: row.try_get::<Option<String>, _>("totp_secret")?.is_some(),
        since: from_ms(row.try_get("created_at")?),
    })
}

pub async fn members(db: &Db, own: &Own<Member>) -> Result<Vec<MemberView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{MEMBER_VIEW} WHERE m.org_id = $1 ORDER BY u.display_name, m.id"));
    sqlx::query(sql).bind(own.owner().to_string()).fetch_all(db.pool()).await?.iter().map(member_from_row).collect()
}

pub async fn member(db: &Db, own: &Own<Member>, id: MembershipId) -> Result<Option<MemberView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{MEMBER_VIEW} WHERE m.org_id = $1 AND m.id = $2"));
    sqlx::query(sql)
        .bind(own.owner().to_string())
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(member_from_row)
        .transpose()
}

#[derive(Debug, thiserror::Error)]
pub enum MemberChangeError {
    #[error("no such member")]
    NotFound,
    #[error("the organisation must keep at least one admin")]
    LastAdmin,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<MemberChangeError> for crate::platform::error::AppError {
    fn from(e: MemberChangeError) -> Self {
        match e {
            MemberChangeError::NotFound => Self::NotFound,
            MemberChangeError::LastAdmin => Self::Conflict("the organisation must keep at least one admin".into()),
            MemberChangeError::Db(e) => e.into(),
        }
    }
}

async fn admins_after(conn: &mut AnyConnection, org: OrgId) -> Result<i64, sqlx::Error> {
    // Only admins who can still sign in count.
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 AND m.role = 'admin' AND u.disabled_at IS NULL",
    )
    .bind(org.to_string())
    .fetch_one(&mut *conn)
    .await
}

/// Gives a member another role; refuses to leave the organisation without an admin.
pub async fn change_role(unit: &mut Unit, id: MembershipId, role: Role) -> Result<(), MemberChangeError> {
    let org = unit.org();
    let changed = sqlx::query("UPDATE memberships SET role = $1 WHERE id = $2 AND org_id = $3")
        .bind(role.as_str())
        .bind(id.to_string())
        .bind(org.to_string())
        .execute(unit.connection())
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(MemberChangeError::NotFound);
    }
    if admins_after(unit.connection(), org).await? == 0 {
        return Err(MemberChangeError::LastAdmin);
    }
    let event = AuditEvent::new("org.member_role").object("membership", id.to_string()).detail("role", role.as_str());
    unit.audit(event);
    Ok(())
}

/// Removes a member (or lets a person leave); refuses to remove the last admin. The person's
/// sessions acting for the organisation lose it at their next request.
pub async fn remove(unit: &mut Unit, id: MembershipId) -> Result<(), MemberChangeError> {
    let org = unit.org();
    let removed = sqlx::query("DELETE FROM memberships WHERE id = $1 AND org_id = $2")
        .bind(id.to_string())
        .bind(org.to_string())
        .execute(unit.connection())
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(MemberChangeError::NotFound);
    }
    if admins_after(unit.connection(), org).await? == 0 {
        return Err(MemberChangeError::LastAdmin);
    }
    unit.audit(AuditEvent::new("org.member_remove").object("membership", id.to_string()));
    Ok(())
}

/// How many admins an organisation has (for the operator's recovery view).
pub async fn admin_count(db: &Db, org: OrgId) -> Result<i64, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    admins_after(&mut conn, org).await
}

/// The organisation named exactly `name`, if one is (the demo finds its own firms by name).
pub async fn by_name(db: &Db, name: &str) -> Result<Option<OrgId>, sqlx::Error> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1").bind(name).fetch_optional(db.pool()).await?;
    id.map(|s| s.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}

/// The longest-standing member with `role` of the organisation named `name`: (organisation,
/// person). For the demo, which acts as its people without a session.
pub async fn first_member(db: &Db, name: &str, role: Role) -> Result<Option<(OrgId, UserId)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT m.user_id, m.org_id FROM memberships m JOIN organisations o ON o.id = m.org_id \
         WHERE o.name = $1 AND m.role = $2 ORDER BY m.created_at, m.id LIMIT 1",
    )
    .bind(name)
    .bind(role.as_str())
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| Ok((parse_column(&r, "org_id")?, parse_column(&r, "user_id")?))).transpose()
}

/// The longest-standing admin of `org`, inside the caller's transaction.
pub async fn first_admin(conn: &mut AnyConnection, org: OrgId) -> Result<Option<UserId>, sqlx::Error> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE org_id = $1 AND role = 'admin' ORDER BY created_at, id LIMIT 1",
    )
    .bind(org.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    id.map(|s| s.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}
