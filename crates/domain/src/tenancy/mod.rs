//! Organisations and the trust between them: who belongs where with which role, which firms are
//! linked (buyer-supplier, association-member, parent-subsidiary), and which objects one
//! organisation lets another read (grants).

mod grant;
mod org;
mod relationship;
mod role;

pub use grant::{GrantRule, Grantee, ObjectKind, Purpose, PurposeError};
pub use org::{
    Country, CountryError, IncidentContact, Industry, OrgName, OrgNameError, OrgProfile, Prefecture, SizeBand,
};
pub use relationship::{RelationshipKind, RelationshipState, Side};
pub use role::{Permission, ROLE_TABLE, Role};
