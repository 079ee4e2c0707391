//! The organisation's pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::ids::{MembershipId, OrgId};
use kakehashi_domain::tenancy::{Industry, OrgProfile, Permission, Prefecture, Role, SizeBand};
use serde::Deserialize;
use tower_sessions::Session;

use super::audit_store;
use super::audit_view::{self, AuditFilter, AuditLine};
use super::form::ProfileInput;
use super::store::{self, Member, MemberChangeError, MemberView, OrgView, ProfileError};
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, FieldError};
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, acting};
use crate::platform::unit::Unit;
use crate::shell::pages_util::is_local_path;
use crate::shell::{Choice, ConfirmTemplate, Page, format_time};

#[derive(Template, WebTemplate)]
#[template(path = "org/overview.html")]
pub struct OverviewTemplate {
    page: Page,
    org: OrgView,
    members: usize,
    admin_email_domain: String,
}

impl OverviewTemplate {
    fn label(&self, key: String) -> String {
        self.page.t(&key)
    }
}

pub async fn overview(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
) -> Result<OverviewTemplate, AppError> {
    let org = store::profile(state.db(), &acting.own::<OrgProfile>()).await?.ok_or(AppError::NotFound)?;
    let members = store::members(state.db(), &acting.own::<Member>()).await?.len();
    Ok(OverviewTemplate { page, org, members, admin_email_domain: user.email.domain().to_owned() })
}

#[derive(Template, WebTemplate)]
#[template(path = "org/profile.html")]
pub struct ProfileTemplate {
    page: Page,
    input: ProfileInput,
    errors: Vec<FieldError>,
    industries: Vec<Choice>,
    sizes: Vec<Choice>,
    prefectures: Vec<Choice>,
}

impl ProfileTemplate {
    fn new(page: Page, input: ProfileInput, errors: Vec<FieldError>) -> Self {
        let industries =
            Industry::ALL.iter().map(|i| Choice::new(&page, i.as_str(), &i.label_key(), &input.industry)).collect();
        let sizes = SizeBand::ALL.iter().map(|s| Choice::new(&page, s.as_str(), &s.label_key(), &input.size)).collect();
        let prefectures =
            Prefecture::all().map(|p| Choice::new(&page, &p.code(), &p.label_key(), &input.prefecture)).collect();
        ProfileTemplate { page, input, errors, industries, sizes, prefectures }
    }

    fn error(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|e| e.field == field).map(|e| self.page.t(&e.code))
    }
}

pub async fn profile_form(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
) -> Result<ProfileTemplate, AppError> {
    let org = store::profile(state.db(), &acting.own::<OrgProfile>()).await?.ok_or(AppError::NotFound)?;
    Ok(ProfileTemplate::new(page, ProfileInput::from_profile(&org.profile), vec![]))
}

pub async fn save_profile(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    Form(input): Form<ProfileInput>,
) -> Result<Response, AppError> {
    let profile = match input.parse() {
        Ok(p) => p,
        Err(errors) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, ProfileTemplate::new(page, input, errors)).into_response());
        }
    };
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    match store::update_profile(&mut unit, &profile).await {
        Ok(()) => {
            unit.commit().await?;
            Page::done(&session, "org-profile-saved", "/org").await
        }
        Err(ProfileError::CorporateNumberTaken) => {
            let errors =
                vec![FieldError { field: "corporate_number".into(), code: "field-corporate-number-taken".into() }];
            Ok((StatusCode::CONFLICT, ProfileTemplate::new(page, input, errors)).into_response())
        }
        Err(e) => Err(AppError::Internal(e.into())),
    }
}

pub async fn confirm_domain(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let notice = match store::confirm_mail_domain(&mut unit, user.email.domain()).await {
        Ok(()) => {
            unit.commit().await?;
            "org-domain-confirmed"
        }
        Err(ProfileError::DomainTaken) => "org-domain-taken",
        Err(e) => return Err(AppError::Internal(e.into())),
    };
    Page::done(&session, notice, "/org").await
}

#[derive(Template, WebTemplate)]
#[template(path = "org/members.html")]
pub struct MembersTemplate {
    page: Page,
    members: Vec<MemberView>,
    roles: Vec<Role>,
    invitation_error: Option<&'static str>,
    /// The colleague invitation form: as sent after a problem, else empty with the member role.
    invite_email: String,
    invite_role: String,
}

pub async fn members(State(state): State<AppState>, page: Page, acting: Acting) -> Result<MembersTemplate, AppError> {
    members_page(&state, page, &acting, None).await
}

/// The members page, also shown again with a problem from the colleague invitation form and
/// what it held: (problem, e-mail address, role).
pub async fn members_page(
    state: &AppState,
    page: Page,
    acting: &Acting,
    problem: Option<(&'static str, String, String)>,
) -> Result<MembersTemplate, AppError> {
    let members = store::members(state.db(), &acting.own::<Member>()).await?;
    let (invitation_error, invite_email, invite_role) = match problem {
        Some((key, email, role)) => (Some(key), email, role),
        None => (None, String::new(), Role::Member.as_str().to_owned()),
    };
    Ok(MembersTemplate { page, members, roles: Role::ALL.to_vec(), invitation_error, invite_email, invite_role })
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

/// Commits a member change, or drops it and says why it was refused.
async fn after_member_change(
    session: &Session,
    unit: Unit,
    result: Result<(), MemberChangeError>,
    done: &str,
) -> Result<Response, AppError> {
    let notice = match result {
        Ok(()) => {
            unit.commit().await?;
            done
        }
        Err(MemberChangeError::LastAdmin) => "org-last-admin",
        Err(e) => return Err(e.into()),
    };
    Page::done(session, notice, "/org/members").await
}

pub async fn change_role(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<MembershipId>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let role: Role = form.role.parse().map_err(|_| AppError::BadRequest("unknown role".into()))?;
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let result = store::change_role(&mut unit, id, role).await;
    after_member_change(&session, unit, result, "org-role-changed").await
}

/// The confirmation step before removing a member.
pub async fn confirm_remove_member(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<MembershipId>,
) -> Result<ConfirmTemplate, AppError> {
    let m = store::member(state.db(), &acting.own(), id).await?.ok_or(AppError::NotFound)?;
    let org = page.org_name().to_owned();
    Ok(ConfirmTemplate {
        title: page.t1("org-confirm-remove", "name", &m.display_name),
        consequences: vec![kakehashi_content::i18n::text_with(
            page.locale,
            "org-confirm-remove-stops",
            &[("name", m.display_name.clone()), ("org", org)],
        )],
        action: format!("/org/members/{id}/remove"),
        button: "org-remove-member",
        back: "/org/members".into(),
        page,
    })
}

pub async fn remove_member(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<MembershipId>,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let result = store::remove(&mut unit, id).await;
    after_member_change(&session, unit, result, "org-member-removed").await
}

#[derive(Template, WebTemplate)]
#[template(path = "org/audit.html")]
pub struct AuditTemplate {
    page: Page,
    lines: Vec<AuditLine>,
    filter: AuditFilter,
    kinds: Vec<&'static str>,
}

impl AuditTemplate {
    fn time(&self, e: &AuditLine) -> String {
        format_time(e.at)
    }
    fn sentence(&self, e: &AuditLine) -> String {
        self.page.say(&e.sentence())
    }
}

/// How many entries a page shows (and the CSV holds).
const AUDIT_PAGE: i64 = 200;
const AUDIT_CSV: i64 = 10_000;

pub async fn audit(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    Query(filter): Query<AuditFilter>,
) -> Result<AuditTemplate, AppError> {
    let lines = audit_store::lines(state.db(), &acting.own(), &filter, AUDIT_PAGE).await?;
    let kinds = audit_view::KINDS.iter().map(|(k, _)| *k).collect();
    Ok(AuditTemplate { page, lines, filter, kinds })
}

/// A cell that a spreadsheet will not run as a formula: names are typed by people, and a name
/// like `=HYPERLINK(…)` would otherwise become one when the CSV is opened in Excel.
fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

/// The message keys of the audit CSV's columns.
const AUDIT_CSV_COLUMNS: [&str; 9] = [
    "audit-csv-seq",
    "audit-csv-time",
    "audit-csv-who",
    "audit-csv-for",
    "audit-csv-what",
    "audit-csv-action",
    "audit-csv-object",
    "audit-csv-object-id",
    "audit-csv-hash",
];

/// The same entries as CSV (UTF-8 with a byte-order mark, so Excel reads the Japanese).
pub async fn audit_csv(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    Query(filter): Query<AuditFilter>,
) -> Result<Response, AppError> {
    let lines = audit_store::lines(state.db(), &acting.own(), &filter, AUDIT_CSV).await?;
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    // Column names in the reader's language, like the sentences; the action and object codes
    // beside them stay for whoever filters the file by machine.
    let header = AUDIT_CSV_COLUMNS.map(|key| page.t(key));
    let fail = |e: csv::Error| AppError::Internal(e.into());
    out.write_record(&header).map_err(fail)?;
    for l in &lines {
        let (seq, time, what) = (l.seq.to_string(), format_time(l.at), page.say(&l.sentence()));
        let row = [&seq, &time, &l.actor, &l.actor_org, &what, &l.action, &l.object_kind, &l.object_id, &l.hash];
        out.write_record(row.map(|cell| spreadsheet_safe(cell))).map_err(fail)?;
    }
    let body = out.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\""),
        (header::CACHE_CONTROL, "private, no-store"),
    ];
    Ok((headers, body).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "org/choose.html")]
pub struct ChooseTemplate {
    page: Page,
    memberships: Vec<acting::MembershipView>,
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn choose_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<NextQuery>,
) -> Result<ChooseTemplate, AppError> {
    let memberships = acting::memberships(state.db(), user.id).await?;
    let next = q.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into());
    Ok(ChooseTemplate { page, memberships, next })
}

#[derive(Deserialize)]
pub struct ChooseForm {
    org_id: String,
    next: Option<String>,
}

pub async fn choose(
    State(state): State<AppState>,
    user: CurrentUser,
    session: Session,
    Form(form): Form<ChooseForm>,
) -> Result<Response, AppError> {
    let org: OrgId = form.org_id.parse().map_err(|_| AppError::NotFound)?;
    if !acting::choose(state.db(), &session, user.id, org).await? {
        return Err(AppError::NotFound);
    }
    let next = form.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into());
    Ok(Redirect::to(&next).into_response())
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn cells_that_would_be_formulas_are_quoted() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("青木 誠"), "青木 誠");
    }
}
