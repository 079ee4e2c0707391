//! The one sharing mechanism (DESIGN.md, "The sharing model").
//!
//! Every organisation owns its objects. A person acts for one organisation at a time
//! ([`Acting`], established by the route guard). Store functions that read tenant data take a
//! scope as their first argument, and scopes can only be made here:
//!
//! - [`Own<T>`]: the acting organisation's own objects of type `T` (from [`Acting::own`]);
//! - [`Granted<T>`]: another organisation's objects reachable through a grant that is live now
//!   (from [`grants::granted`]); when the grant is revoked or expires, the next request gets none.
//!
//! Both implement [`Scope`], whose `owner()` is the only organisation id a store query may filter
//! on. No handler compares organisation ids by hand.

pub mod acting;
pub mod grants;
mod path;

pub use path::{OwnPath, OwnedObject};

use std::marker::PhantomData;

use kakehashi_domain::ids::{GrantId, MembershipId, OrgId, TokenId};
use kakehashi_domain::tenancy::{ObjectKind, Permission, Role};

/// Who the caller acts for, and with which role. Made only here: by the route guard (from the
/// session's membership), by the token check, and by the named constructors below; its fields
/// are private, so no handler can make one for an organisation of its choosing:
///
/// ```compile_fail,E0451
/// use kakehashi_server::platform::tenancy::{Acting, Via};
/// use kakehashi_domain::tenancy::Role;
/// let org = "018f0000-0000-7000-8000-000000000000".parse().unwrap();
/// let acting = Acting { org_id: org, org_name: String::new(), role: Role::Admin, via: Via::Console };
/// ```
#[derive(Debug, Clone)]
pub struct Acting {
    org_id: OrgId,
    org_name: String,
    role: Role,
    via: Via,
}

/// How the caller came to act for the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A signed-in person's membership.
    Membership(MembershipId),
    /// An API token scoped to the organisation.
    Token(TokenId),
    /// The operator's command line on the server itself, which reads the database directly
    /// anyway; read-only reports only.
    Console,
}

impl Acting {
    pub fn allows(&self, permission: Permission) -> bool {
        self.role.allows(permission)
    }

    /// The organisation acted for.
    pub fn org_id(&self) -> OrgId {
        self.org_id
    }

    pub fn org_name(&self) -> &str {
        &self.org_name
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn via(&self) -> Via {
        self.via
    }

    /// Acting through an API token, once the token check has found it live.
    pub(crate) fn by_token(org_id: OrgId, org_name: String, role: Role, token: TokenId) -> Self {
        Acting { org_id, org_name, role, via: Via::Token(token) }
    }

    /// Acting for `org` from the operator's command line, read-only.
    pub fn console(org_id: OrgId, org_name: String) -> Self {
        Acting { org_id, org_name, role: Role::ReadOnly, via: Via::Console }
    }

    /// The scope of the acting organisation's own objects of type `T`.
    pub fn own<T>(&self) -> Own<T> {
        Own { org: self.org_id, _kind: PhantomData }
    }
}

/// A type whose objects can be shared through grants.
pub trait Shareable {
    const KIND: ObjectKind;
    /// The id of one object of the type: a grant of one object carries it typed, so a scope
    /// for one self-check cannot be asked about an object of another kind.
    type Id: Copy + PartialEq + std::fmt::Display + std::str::FromStr;
}

/// Read access to objects of type `T`, limited to one owning organisation.
pub trait Scope<T> {
    /// The organisation whose objects this scope reaches.
    fn owner(&self) -> OrgId;
}

/// A scope over shareable objects, which may reach only some of its owner's objects (a grant
/// of one object). Stores that serve one object ask it first, then filter on the owner.
pub trait ObjectScope<T: Shareable>: Scope<T> {
    /// Whether the scope reaches the object `id` of its owner.
    fn reaches(&self, id: T::Id) -> bool;
}

/// The acting organisation's own objects.
#[derive(Debug)]
pub struct Own<T> {
    org: OrgId,
    _kind: PhantomData<fn() -> T>,
}

impl<T> Own<T> {
    /// Only for a unit of work, which was opened for this organisation.
    pub(crate) fn of(org: OrgId) -> Self {
        Own { org, _kind: PhantomData }
    }
}

impl<T> Clone for Own<T> {
    fn clone(&self) -> Self {
        Own { org: self.org, _kind: PhantomData }
    }
}

impl<T> Scope<T> for Own<T> {
    fn owner(&self) -> OrgId {
        self.org
    }
}

impl<T: Shareable> ObjectScope<T> for Own<T> {
    fn reaches(&self, _id: T::Id) -> bool {
        true
    }
}

/// For objects that are either reference data (no owner) or one organisation's own, such as
/// questionnaires and profiles: the scope of the caller's own, if it acts for an organisation.
pub fn own_if_acting<T>(acting: Option<&Acting>) -> Option<Own<T>> {
    acting.map(Acting::own)
}

/// The value a store binds for `owner IS NULL OR owner = $n`: the caller's organisation, or
/// NULL (reference data only).
pub fn owner_binding<T>(own: Option<&Own<T>>) -> Option<String> {
    own.map(|own| own.owner().to_string())
}

/// Another organisation's objects, reached through a live grant: all of them of type `T`, or
/// the one object the grant names.
#[derive(Debug)]
pub struct Granted<T: Shareable> {
    owner: OrgId,
    grant: GrantId,
    object: Option<T::Id>,
}

impl<T: Shareable> Granted<T> {
    pub fn grant_id(&self) -> GrantId {
        self.grant
    }
}

impl<T: Shareable> Scope<T> for Granted<T> {
    fn owner(&self) -> OrgId {
        self.owner
    }
}

impl<T: Shareable> ObjectScope<T> for Granted<T> {
    fn reaches(&self, id: T::Id) -> bool {
        self.object.is_none_or(|object| object == id)
    }
}

#[cfg(test)]
mod tests {
    use kakehashi_domain::ids::AssessmentId;

    use super::*;

    struct Report;

    impl Shareable for Report {
        const KIND: ObjectKind = ObjectKind::SelfCheck;
        type Id = AssessmentId;
    }

    fn granted(object: Option<AssessmentId>) -> Granted<Report> {
        Granted { owner: OrgId::new(), grant: GrantId::new(), object }
    }

    #[test]
    fn a_grant_of_one_object_reaches_that_object_only() {
        let (one, other) = (AssessmentId::new(), AssessmentId::new());
        let scope = granted(Some(one));
        assert!(scope.reaches(one));
        assert!(!scope.reaches(other));
    }

    #[test]
    fn a_grant_of_a_kind_and_the_own_scope_reach_every_object_of_their_owner() {
        let any = AssessmentId::new();
        assert!(granted(None).reaches(any));
        assert!(Own::<Report>::of(OrgId::new()).reaches(any));
    }
}
