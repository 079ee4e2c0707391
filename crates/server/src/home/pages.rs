//! The home page: a to-do list for the acting organisation and role, or, for a visitor, what
//! Kakehashi is.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use kakehashi_domain::ids::QuestionnaireId;
use kakehashi_domain::tenancy::{Permission, RelationshipState, Role};
use time::{Date, Duration};

use super::store::{self, SystemState};
use crate::assess::assessment_store::{self as self_checks, AssessmentSummary, SelfCheck};
use crate::assess::evidence_store::{self, Evidence, EvidenceView};
use crate::assess::review_store::{self, Received, Review};
use crate::assess::store as questionnaires;
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::relations::invitation_store;
use crate::relations::store::{self as relationships, RelationshipView};
use crate::shell::{Page, format_date};

/// Evidence expiring within this many days is mentioned on the home page.
const EXPIRY_NOTICE_DAYS: i64 = 60;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomeTemplate {
    page: Page,
    supplier: Option<SupplierHome>,
    reviewer: Option<Vec<Received>>,
    admin: Option<AdminHome>,
    operator: Option<SystemState>,
}

/// What awaits the firm as a supplier.
pub struct SupplierHome {
    self_checks: Vec<AssessmentSummary>,
    /// The built-in tier-1 questionnaire, offered when the firm has no self-check of it yet.
    start: Option<(QuestionnaireId, i64)>,
    /// Evidence that expired or expires soon (not withdrawn).
    expiring: Vec<EvidenceView>,
    today: Date,
}

/// What awaits the organisation's administrator.
pub struct AdminHome {
    /// Link requests from other organisations, for this one to accept or decline.
    requests: Vec<RelationshipView>,
    /// Requests this organisation made, waiting for the other side.
    asked: usize,
    /// Invitations sent and not yet used.
    open_invitations: usize,
    partners: usize,
}

impl HomeTemplate {
    fn title(&self, a: &AssessmentSummary) -> String {
        crate::assess::self_check_title(&self.page, a)
    }
    fn received_title(&self, r: &Received) -> String {
        crate::assess::questionnaire_title(&self.page, &r.title, r.built_in_tier)
    }
    fn date(&self, t: &time::OffsetDateTime) -> String {
        format_date(*t)
    }
    fn expired(&self, e: &EvidenceView, today: &Date) -> bool {
        e.expires_on.is_some_and(|d| d < *today)
    }
    fn self_check_href(&self, a: &AssessmentSummary) -> String {
        match a.status() {
            "answering" => format!("/self-checks/{}", a.id),
            _ => format!("/self-checks/{}/result", a.id),
        }
    }
    fn has_anything(&self) -> bool {
        self.supplier.is_some() || self.reviewer.is_some() || self.admin.is_some() || self.operator.is_some()
    }
}

pub async fn home(State(state): State<AppState>, page: Page) -> Result<HomeTemplate, AppError> {
    let operator = match page.is_operator() {
        true => Some(store::system_state(state.db()).await?),
        false => None,
    };
    let Some(acting) = page.acting.clone() else {
        return Ok(HomeTemplate { page, supplier: None, reviewer: None, admin: None, operator });
    };
    let role = acting.role();
    let reads_all = role == Role::ReadOnly;
    let supplier = match role.allows(Permission::Write) || reads_all {
        true => Some(supplier_home(&state, &acting).await?),
        false => None,
    };
    // A reviewer always sees the inbox; others only when something was received.
    let received = review_store::received(state.db(), &acting.own::<Review>(), state.now()).await?;
    let reviewer = match (role, received.is_empty()) {
        (Role::Reviewer, _) | (_, false) => Some(received),
        _ => None,
    };
    // A firm that receives self-checks is a buyer first: it is not urged to start its own.
    let mut supplier = supplier;
    if let (Some(s), Some(r)) = (supplier.as_mut(), reviewer.as_ref())
        && !r.is_empty()
    {
        s.start = None;
    }
    let supplier = supplier.filter(|s| s.start.is_some() || !s.self_checks.is_empty() || !s.expiring.is_empty());
    let admin = match role.allows(Permission::Administer) {
        true => Some(admin_home(&state, &acting).await?),
        false => None,
    };
    Ok(HomeTemplate { page, supplier, reviewer, admin, operator })
}

async fn supplier_home(state: &AppState, acting: &Acting) -> Result<SupplierHome, AppError> {
    let self_checks = self_checks::list(state.db(), &acting.own::<SelfCheck>()).await?;
    let tier1 = questionnaires::list(state.db(), None)
        .await?
        .into_iter()
        .find(|q| q.made_by.is_none() && q.baseline_tier == Some(1));
    let start = tier1
        .filter(|q| acting.allows(Permission::Write) && !self_checks.iter().any(|a| a.questionnaire_id == q.id))
        .map(|q| (q.id, q.questions));
    let today = state.now().date();
    let soon = today + Duration::days(EXPIRY_NOTICE_DAYS);
    let expiring = evidence_store::list(state.db(), &acting.own::<Evidence>())
        .await?
        .into_iter()
        .filter(|e| !e.withdrawn && e.expires_on.is_some_and(|d| d <= soon))
        .collect();
    Ok(SupplierHome { self_checks, start, expiring, today })
}

async fn admin_home(state: &AppState, acting: &Acting) -> Result<AdminHome, AppError> {
    let all = relationships::list(state.db(), &acting.own()).await?;
    let pending =
        |mine: bool| all.iter().filter(move |r| r.state == RelationshipState::Pending && r.requested_by_me == mine);
    let requests = pending(false).cloned().collect();
    let asked = pending(true).count();
    let partners = all.iter().filter(|r| r.state == RelationshipState::Active).count();
    let now = state.now();
    let open_invitations = invitation_store::sent(state.db(), &acting.own())
        .await?
        .iter()
        .filter(|i| i.used_at.is_none() && i.revoked_at.is_none() && i.expires_at > now)
        .count();
    Ok(AdminHome { requests, asked, open_invitations, partners })
}
