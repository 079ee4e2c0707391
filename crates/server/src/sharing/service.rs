//! Sharing decisions shared by the pages and the API.

use kakehashi_domain::identity::CorporateNumber;
use kakehashi_domain::ids::{GrantId, OrgId};
use kakehashi_domain::tenancy::{ObjectKind, OrgProfile, Purpose, RelationshipState};
use serde::Serialize;
use time::{Date, OffsetDateTime, Time, UtcOffset};

use crate::org::store::{self as orgs, OrgView};
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::platform::tenancy::grants::{self, NewGrant};
use crate::platform::unit::Unit;
use crate::relations::store::{self as relationships, RelationshipView};

/// Who to share with: a linked organisation, by id or by its 法人番号.
#[derive(Debug, Clone)]
pub enum GranteeChoice {
    Linked(OrgId),
    ByCorporateNumber(CorporateNumber),
}

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("no such organisation to share with")]
    UnknownGrantee,
    #[error("an organisation does not share with itself")]
    Itself,
    #[error("the expiry is in the past")]
    ExpiryPassed,
    #[error("a self-check is shared by submitting it for review, from the self-check itself")]
    SubmitInstead,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The end of a day in Japan, which is when a grant "until" that day stops working.
pub fn end_of_day_jst(date: Date) -> OffsetDateTime {
    let jst = UtcOffset::from_hms(9, 0, 0).unwrap_or(UtcOffset::UTC);
    date.next_day().unwrap_or(date).with_time(Time::MIDNIGHT).assume_offset(jst).to_offset(UtcOffset::UTC)
}

/// Shares objects of `kind` with a grantee, audited, in the unit of work.
pub async fn share(
    state: &AppState,
    unit: &mut Unit,
    grantee: GranteeChoice,
    kind: ObjectKind,
    purpose: Purpose,
    until: Option<Date>,
) -> Result<GrantId, ShareError> {
    // Only linked organisations receive grants (others are reached by inviting them first):
    // a number that is registered but not linked gets the same answer as one that is not
    // registered, so sharing tells no one which firms use the service, or their names.
    let candidate = match grantee {
        GranteeChoice::Linked(id) => Some(id),
        GranteeChoice::ByCorporateNumber(n) => orgs::by_corporate_number(state.db(), &n).await?.map(|(id, _)| id),
    };
    let grantee = match candidate {
        Some(id) if relationships::linked(state.db(), &unit.own(), id).await? => id,
        _ => return Err(ShareError::UnknownGrantee),
    };
    if grantee == unit.org() {
        return Err(ShareError::Itself);
    }
    let expires_at = until.map(end_of_day_jst);
    if expires_at.is_some_and(|e| e <= unit.now()) {
        return Err(ShareError::ExpiryPassed);
    }
    // Sharing the profile shares the organisation's own (single) profile.
    let object_id = match kind {
        ObjectKind::OrgProfile => Some(unit.org().to_string()),
        ObjectKind::SelfCheck => return Err(ShareError::SubmitInstead),
    };
    let new = NewGrant { grantee, kind, object_id, purpose, expires_at };
    Ok(grants::create(unit, new).await?)
}

/// What the acting organisation may see of another.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OtherOrg {
    #[schema(value_type = String)]
    pub id: OrgId,
    pub name: String,
    /// Links between the two that have not ended.
    pub relationships: Vec<RelationshipView>,
    /// The full profile, when the organisation shares it with the caller now.
    pub profile: Option<OrgView>,
    /// The grant that shows the profile.
    #[schema(value_type = Option<String>)]
    pub through_grant: Option<GrantId>,
}

/// Another organisation as the acting one may see it; `None` (shown as "not found") when the
/// two are neither linked nor sharing.
pub async fn other_org(state: &AppState, acting: &Acting, org: OrgId) -> Result<Option<OtherOrg>, sqlx::Error> {
    if org == acting.org_id() {
        return Ok(None);
    }
    let relationships: Vec<RelationshipView> = relationships::list(state.db(), &acting.own())
        .await?
        .into_iter()
        .filter(|r| r.counterpart_id == org && r.state != RelationshipState::Ended)
        .collect();
    let granted = grants::granted::<OrgProfile>(state.db(), acting, org, org, state.now()).await?;
    let profile = match &granted {
        Some(scope) => orgs::profile(state.db(), scope).await?,
        None => None,
    };
    if relationships.is_empty() && profile.is_none() {
        return Ok(None);
    }
    let name = match (&profile, relationships.first()) {
        (Some(p), _) => p.profile.name.to_string(),
        (None, Some(r)) => r.counterpart_name.clone(),
        (None, None) => return Ok(None),
    };
    Ok(Some(OtherOrg { id: org, name, relationships, profile, through_grant: granted.map(|g| g.grant_id()) }))
}

/// The kinds that can be shared from the sharing page (self-checks are submitted instead).
pub fn kinds() -> &'static [ObjectKind] {
    &[ObjectKind::OrgProfile]
}
