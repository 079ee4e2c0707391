//! The route registry. Every route is added through [`Routes`], which records its method, path
//! template, the access it requires and the kinds of ids in its path, and installs the guard that
//! enforces that access. So the record cannot drift from what runs, and tests can walk every
//! route (axum itself cannot list its routes).

use axum::Router;
use axum::extract::Request;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path};
use axum::handler::Handler;
use axum::http::Method;
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::routing::{MethodFilter, on};
use kakehashi_domain::ids::{
    AssessmentId, CatalogId, CrosswalkId, EvidenceId, GrantId, InvitationId, JobId, MailId, MembershipId, OrgId,
    ProfileId, QuestionnaireId, RelationshipId, TokenId, UserId,
};
use kakehashi_domain::tenancy::Permission;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use tower_http::limit::RequestBodyLimitLayer;
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::HttpMethod;

use super::auth::CurrentUser;
use super::auth::guard::{Guard, enforce};
use super::error::AppError;
use super::tenancy::Acting;
use crate::platform::state::AppState;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in person, even one who must still set up two-factor authentication (the
    /// set-up pages themselves, signing out).
    Enrolling,
    /// Any signed-in person.
    SignedIn,
    /// A person (or API token) acting for an organisation with a role that has this permission,
    /// on that organisation's own objects.
    Org(Permission),
    /// The same, on objects another organisation shared with the acting one through a grant
    /// (a self-check submitted for review, a shared profile). The handler reaches them only
    /// through `Granted<T>`.
    Shared(Permission),
    /// The platform operator.
    Operator,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Enrolling => "enrolling",
            Access::SignedIn => "signed-in",
            Access::Org(Permission::Read) => "org-read",
            Access::Org(Permission::Write) => "org-write",
            Access::Org(Permission::Review) => "org-review",
            Access::Org(Permission::Administer) => "org-administer",
            Access::Shared(Permission::Read) => "shared-read",
            Access::Shared(Permission::Write) => "shared-write",
            Access::Shared(Permission::Review) => "shared-review",
            Access::Shared(Permission::Administer) => "shared-administer",
            Access::Operator => "operator",
        }
    }
}

impl Access {
    /// The permission an organisation role needs, for routes that act for an organisation.
    pub fn permission(self) -> Option<Permission> {
        match self {
            Access::Org(p) | Access::Shared(p) => Some(p),
            _ => None,
        }
    }

    /// Whether someone with `caller`'s standing may use a route with this access. The guard and
    /// the pages (which actions they offer) both ask this.
    pub fn admits(self, user: Option<&CurrentUser>, acting: Option<&Acting>) -> bool {
        match (self, user) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::Enrolling | Access::SignedIn, Some(_)) => true,
            (Access::Operator, Some(user)) => user.is_operator,
            (Access::Org(p) | Access::Shared(p), Some(_)) => acting.is_some_and(|a| a.allows(p)),
        }
    }
}

impl Serialize for Access {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Whether a route serves people (HTML pages, forms) or programs (JSON under `/api`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Surface {
    Page,
    Api,
}

/// What the registry knows about one route.
#[derive(Debug, Clone, Serialize)]
pub struct RouteInfo {
    pub method: String,
    pub path: &'static str,
    pub access: Access,
    pub surface: Surface,
    /// The entity kind of each `{…_id}` parameter in the path, in order.
    pub id_kinds: Vec<&'static str>,
}

/// The largest body an ordinary form or JSON request may have.
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The largest file an upload route accepts (catalogs, later evidence).
pub const UPLOAD_LIMIT: usize = kakehashi_formats::MAX_IMPORT_BYTES;

/// The id in a route's path, parsed into its type. A malformed id is not an error of its own:
/// like an id that exists nowhere, it is simply "not found".
#[derive(Debug, Clone, Copy)]
pub struct IdPath<T>(pub T);

impl<S: Send + Sync, T: std::str::FromStr + Send> FromRequestParts<S> for IdPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        raw.parse().map(IdPath).map_err(|_| AppError::NotFound)
    }
}

/// Entity kinds that may appear as path parameters, named `{<kind>_id}`.
const ID_KINDS: [&str; 16] = [
    AssessmentId::KIND,
    EvidenceId::KIND,
    CatalogId::KIND,
    CrosswalkId::KIND,
    ProfileId::KIND,
    QuestionnaireId::KIND,
    "control",
    UserId::KIND,
    JobId::KIND,
    MailId::KIND,
    OrgId::KIND,
    MembershipId::KIND,
    RelationshipId::KIND,
    InvitationId::KIND,
    GrantId::KIND,
    TokenId::KIND,
];

/// The id kinds named by a path template's parameters.
///
/// Panics on a parameter that is not `{<known kind>_id}`: that is a programming error, caught
/// by the first test that builds the router.
pub fn id_kinds(path: &str) -> Vec<&'static str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|param| {
            let kind = param
                .strip_suffix("_id")
                .unwrap_or_else(|| panic!("route {path}: parameter {{{param}}} must be named {{<kind>_id}}"));
            ID_KINDS
                .iter()
                .copied()
                .find(|k| *k == kind)
                .unwrap_or_else(|| panic!("route {path}: unknown id kind {kind:?}; add it to ID_KINDS"))
        })
        .collect()
}

/// A router under construction, with its record.
#[derive(Debug, Default)]
pub struct Routes {
    router: Router<AppState>,
    infos: Vec<RouteInfo>,
    /// For each API route, what adds its operation (and the schemas it names) to the OpenAPI
    /// document: a capability registers a route and documents it in one call.
    documented: Vec<fn(&mut OpenApi)>,
}

/// What `#[utoipa::path]` generates beside an API handler (the `__path_<handler>` type): its
/// method, path template, operation, tags and the schemas the operation names.
pub trait ApiOperation: utoipa::Path + utoipa::__dev::SchemaReferences + for<'t> utoipa::__dev::Tags<'t> {}

impl<P> ApiOperation for P where P: utoipa::Path + utoipa::__dev::SchemaReferences + for<'t> utoipa::__dev::Tags<'t> {}

/// The one method and the path template an operation is documented at.
fn method_and_path<P: ApiOperation>() -> (Method, &'static str) {
    let methods = P::methods();
    let [method] = methods.as_slice() else { panic!("{} must document exactly one method", P::path()) };
    let method = match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
        _ => panic!("{}: only GET, POST, PUT, PATCH and DELETE are routed", P::path()),
    };
    (method, intern(P::path()))
}

/// The path as a `&'static str`, leaked once per distinct path (the registry is assembled once
/// per server, and in tests once per test server).
fn intern(path: String) -> &'static str {
    static PATHS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut paths = PATHS.get_or_init(Mutex::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = paths.get(path.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(path.into_boxed_str());
    paths.insert(leaked);
    leaked
}

/// Adds operation `P` to `doc`, with its tags and the schemas it names.
fn document<P: ApiOperation>(doc: &mut OpenApi) {
    let mut operation = P::operation();
    let tags = <P as utoipa::__dev::Tags>::tags();
    if !tags.is_empty() {
        operation.tags = Some(tags.into_iter().map(str::to_owned).collect());
    }
    doc.paths.add_path_operation(P::path(), P::methods(), operation);
    let mut schemas = Vec::new();
    P::schemas(&mut schemas);
    doc.components.get_or_insert_with(Default::default).schemas.extend(schemas);
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    /// A page route (HTML; forms are checked for their CSRF token).
    pub fn page<H, T>(self, method: Method, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(method, path, access, Surface::Page, FORM_LIMIT, handler)
    }

    /// A page route that receives a file (multipart form; its CSRF token travels in the query).
    pub fn page_upload<H, T>(self, method: Method, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(method, path, access, Surface::Page, UPLOAD_LIMIT, handler)
    }

    /// An API route that receives a file as its body, at the method and path its
    /// `#[utoipa::path]` documents (`P` is the `__path_<handler>` type it generates).
    pub fn api_upload<P: ApiOperation, H, T>(self, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let (method, path) = method_and_path::<P>();
        assert!(path.starts_with("/api/"), "API route {path} must live under /api/");
        let mut routes = self.add(method, path, access, Surface::Api, UPLOAD_LIMIT, handler);
        routes.documented.push(document::<P>);
        routes
    }

    /// An API route (JSON under `/api/v1`), at the method and path its `#[utoipa::path]`
    /// documents (`P` is the `__path_<handler>` type it generates); the operation goes into the
    /// OpenAPI document with it.
    pub fn api<P: ApiOperation, H, T>(self, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let (method, path) = method_and_path::<P>();
        assert!(path.starts_with("/api/") || path == "/healthz", "API route {path} must live under /api/");
        let mut routes = self.add(method, path, access, Surface::Api, FORM_LIMIT, handler);
        routes.documented.push(document::<P>);
        routes
    }

    fn add<H, T>(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        surface: Surface,
        limit: usize,
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone())
            .unwrap_or_else(|_| panic!("route {path}: unsupported method {method}"));
        let guard = Guard { access, surface };
        // The size limit is outside the guard, so that the guard never reads an oversized form.
        let method_router = on(filter, handler)
            // Inside the guard: control characters are refused only to callers let in. An upload's
            // body is a file its importer checks itself (read whole here, a 50 MB JSON catalog
            // would be parsed twice); its path and query are screened like any other.
            .route_layer(middleware::from_fn(move |request: Request, next: Next| {
                super::input::screen(limit == FORM_LIMIT, request, next)
            }))
            .route_layer(middleware::from_fn(move |request: Request, next: Next| enforce(guard, request, next)))
            .route_layer(RequestBodyLimitLayer::new(limit))
            // Extractors (Bytes, Multipart, Json) enforce their own limit: the same one.
            .route_layer(DefaultBodyLimit::max(limit));
        self.infos.push(RouteInfo { method: method.to_string(), path, access, surface, id_kinds: id_kinds(path) });
        self.router = self.router.route(path, method_router);
        self
    }

    /// Adds all routes of `other`.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.infos.extend(other.infos);
        self.documented.extend(other.documented);
        self
    }

    /// Adds the operations of every API route to `doc`.
    pub fn document(&self, doc: &mut OpenApi) {
        for add in &self.documented {
            add(doc);
        }
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<RouteInfo>) {
        (self.router, self.infos)
    }
}

/// The registry's record of the running service, kept so that pages can ask whether the person
/// looking may use a route before they offer a button for it.
static RECORD: OnceLock<Vec<RouteInfo>> = OnceLock::new();

/// Keeps the record of the assembled service (the first one; every assembly has the same routes).
pub fn remember(infos: &[RouteInfo]) {
    let _ = RECORD.set(infos.to_vec());
}

/// The access the route `method path` records. `None` for a route that does not exist, which
/// is a programming error in the page that asked (debug builds, and so the tests, panic).
pub fn access_of(method: &str, path: &str) -> Option<Access> {
    let found = RECORD.get()?.iter().find(|r| r.method == method && r.path == path).map(|r| r.access);
    if found.is_none() && cfg!(debug_assertions) {
        panic!("no route {method} {path} in the registry");
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_kinds_come_from_parameter_names() {
        assert_eq!(id_kinds("/api/v1/operator/outbox/{mail_id}"), vec!["mail"]);
        assert!(id_kinds("/healthz").is_empty());
    }

    #[test]
    #[should_panic(expected = "unknown id kind")]
    fn unknown_kinds_are_refused() {
        id_kinds("/things/{thing_id}");
    }

    #[test]
    #[should_panic(expected = "must be named")]
    fn parameters_must_be_ids() {
        id_kinds("/things/{name}");
    }
}
