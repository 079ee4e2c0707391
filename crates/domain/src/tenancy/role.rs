use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A person's role in one organisation. The platform operator is apart (a flag on the account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Manages the organisation: members, relationships, grants, tokens, everything below.
    Admin,
    /// Does the organisation's work: answers self-checks, edits its data.
    Member,
    /// Checks what other organisations sent (a buyer's security staff); reads everything.
    Reviewer,
    /// Sees, changes nothing.
    ReadOnly,
}

/// What a role allows, as checked by the route guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// See the organisation's own data and what was shared with it.
    Read,
    /// Change the organisation's own data (answers, profile details).
    Write,
    /// Review what other organisations shared (accept, ask, reject).
    Review,
    /// Manage members, relationships, grants and tokens.
    Administer,
}

/// The role table: which role has which permission. This is the one place that decides it; the
/// route guard, the buttons pages show and `docs/roles.md` all read it. Read across: one row per
/// permission, one column per role.
#[rustfmt::skip]
pub const ROLE_TABLE: [(Permission, [bool; 4]); 4] = [
    //                      admin  member  reviewer  read-only
    (Permission::Read,       [true,  true,   true,     true ]),
    (Permission::Write,      [true,  true,   false,    false]),
    (Permission::Review,     [true,  false,  true,     false]),
    (Permission::Administer, [true,  false,  false,    false]),
];

impl Role {
    /// In the order of the role table's columns.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Member, Role::Reviewer, Role::ReadOnly];

    pub fn allows(self, permission: Permission) -> bool {
        let column = Role::ALL.iter().position(|r| *r == self).unwrap_or(Role::ALL.len());
        ROLE_TABLE.iter().any(|(p, roles)| *p == permission && roles.get(column).copied().unwrap_or(false))
    }

    /// Whether someone with this role may hand out `other` (to a colleague or an API token):
    /// never more than they have.
    pub fn may_grant(self, other: Role) -> bool {
        self == Role::Admin || Permission::ALL.iter().all(|p| !other.allows(*p) || self.allows(*p))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Reviewer => "reviewer",
            Role::ReadOnly => "read-only",
        }
    }

    /// The UI string key naming this role.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Member => "role-member",
            Role::Reviewer => "role-reviewer",
            Role::ReadOnly => "role-read-only",
        }
    }
}

impl Permission {
    pub const ALL: [Permission; 4] = [Permission::Read, Permission::Write, Permission::Review, Permission::Administer];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "read",
            Permission::Write => "write",
            Permission::Review => "review",
            Permission::Administer => "administer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| format!("unknown role {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_their_names_say() {
        assert!(Role::Admin.allows(Permission::Administer));
        assert!(!Role::Member.allows(Permission::Administer));
        assert!(Role::Member.allows(Permission::Write) && !Role::Member.allows(Permission::Review));
        assert!(Role::Reviewer.allows(Permission::Review) && !Role::Reviewer.allows(Permission::Write));
        assert!(Role::ReadOnly.allows(Permission::Read) && !Role::ReadOnly.allows(Permission::Write));
    }

    #[test]
    fn nobody_hands_out_more_than_they_have() {
        assert!(Role::Admin.may_grant(Role::Admin));
        assert!(Role::Member.may_grant(Role::ReadOnly) && Role::Member.may_grant(Role::Member));
        assert!(!Role::Member.may_grant(Role::Reviewer) && !Role::Member.may_grant(Role::Admin));
        assert!(!Role::ReadOnly.may_grant(Role::Member));
    }

    #[test]
    fn the_table_has_a_row_for_every_permission_in_order() {
        let rows: Vec<Permission> = ROLE_TABLE.iter().map(|(p, _)| *p).collect();
        assert_eq!(rows, Permission::ALL.to_vec());
        assert!(Role::ALL.iter().all(|r| r.allows(Permission::Read)), "everyone reads their organisation");
    }

    #[test]
    fn roles_round_trip_through_text() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
    }
}
