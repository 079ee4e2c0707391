//! Relationships between organisations (buyer-supplier, association-member, parent-subsidiary):
//! invitations to firms not yet on the platform, link requests to firms that are, acceptance by
//! the other side, and ending by either. Later capabilities (campaigns, the supply-chain map)
//! build on these links, not on lists of their own.

pub mod api;
pub mod invitation_store;
pub mod invitations;
pub mod mail;
mod pages;
pub mod registration;
pub mod store;

use axum::http::Method;
use kakehashi_domain::tenancy::{Permission, RelationshipKind, Side};

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    let admin = Access::Org(Permission::Administer);
    Routes::new()
        .page(Method::GET, "/org/relationships", Access::Org(Permission::Read), pages::list)
        .page(Method::POST, "/org/invitations", admin, pages::invite_firm)
        .page(Method::POST, "/org/invitations/colleague", admin, pages::invite_colleague)
        .page(Method::POST, "/org/invitations/{invitation_id}/revoke", admin, pages::revoke_invitation)
        .page(Method::POST, "/org/relationships/{relationship_id}/accept", admin, pages::accept)
        .page(Method::GET, "/org/relationships/{relationship_id}/end", admin, pages::confirm_end)
        .page(Method::POST, "/org/relationships/{relationship_id}/end", admin, pages::end)
        .page(Method::GET, "/invite", Access::Public, pages::invitation)
        .page(Method::POST, "/invite", Access::Public, pages::register)
        .page(Method::POST, "/invite/accept", Access::SignedIn, pages::accept_signed_in)
        .merge(api::routes())
}

/// The relationship an inviter offers, as one choice: "they will be our supplier" is
/// buyer-supplier with the inviter on the `from` side.
pub const OFFERS: [(RelationshipKind, Side); 6] = [
    (RelationshipKind::BuyerSupplier, Side::From),
    (RelationshipKind::BuyerSupplier, Side::To),
    (RelationshipKind::AssociationMember, Side::From),
    (RelationshipKind::AssociationMember, Side::To),
    (RelationshipKind::ParentSubsidiary, Side::From),
    (RelationshipKind::ParentSubsidiary, Side::To),
];

/// The form value of an offer, e.g. `buyer-supplier:from`.
pub fn offer_value(kind: RelationshipKind, side: Side) -> String {
    format!("{}:{}", kind.as_str(), side.as_str())
}

pub fn parse_offer(value: &str) -> Option<(RelationshipKind, Side)> {
    let (kind, side) = value.split_once(':')?;
    Some((kind.parse().ok()?, side.parse().ok()?))
}
