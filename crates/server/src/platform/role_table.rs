//! The role table as people read it (`docs/roles.md`, `kakehashi routes --roles`): for every
//! route, which roles may use it and whose objects it reaches. It is written from the two
//! things that decide access at run time, the domain's `ROLE_TABLE` and the route registry, so
//! the document cannot say something the guard does not do; a test keeps the file current.

use std::fmt::Write;

use kakehashi_domain::tenancy::{Permission, ROLE_TABLE, Role};

use super::routes::{Access, RouteInfo};

/// The columns of the table: the four organisation roles, then the platform operator.
const COLUMNS: [&str; 5] = ["admin", "member", "reviewer", "read-only", "operator"];

/// Whether each column may use a route with `access` (organisation roles acting for their own
/// organisation; the operator acting for none).
pub fn admitted(access: Access) -> [bool; 5] {
    let mut row = [false; 5];
    for (i, role) in Role::ALL.iter().enumerate() {
        row[i] = match access {
            Access::Public | Access::Enrolling | Access::SignedIn => true,
            Access::Operator => false,
            Access::Org(p) | Access::Shared(p) => role.allows(p),
        };
    }
    row[4] = matches!(access, Access::Public | Access::Enrolling | Access::SignedIn | Access::Operator);
    row
}

/// Whose objects a route reaches.
fn whose(access: Access) -> &'static str {
    match access {
        Access::Public => "anyone",
        Access::Enrolling | Access::SignedIn => "the person's own, or platform reference data",
        Access::Operator => "the platform",
        Access::Org(_) => "own organisation",
        Access::Shared(_) => "shared with the organisation (grant)",
    }
}

fn mark(yes: bool) -> &'static str {
    if yes { "✓" } else { "—" }
}

/// The whole document, in Markdown.
pub fn markdown(routes: &[RouteInfo]) -> String {
    let mut out = String::from(
        "# Who may do what\n\n\
         Generated from the code by `kakehashi routes --roles` (the domain's role table and the route\n\
         registry); a test fails when this file is out of date. The route guard and the buttons pages\n\
         offer read the same two sources.\n\n\
         ## Permissions of each role\n\n\
         | permission | admin | member | reviewer | read-only |\n|---|---|---|---|---|\n",
    );
    for (permission, roles) in ROLE_TABLE {
        let cells: Vec<&str> = roles.iter().map(|r| mark(*r)).collect();
        let _ = writeln!(out, "| {} | {} |", permission_name(permission), cells.join(" | "));
    }
    out.push_str(
        "\nThe platform operator is a flag on an account, apart from these roles: an operator acts for\n\
         an organisation only through a membership of it.\n\n\
         ## Routes\n\n\
         A page (HTML) or API route, the roles that may use it when acting for their own organisation,\n\
         and whose objects it reaches. Objects of another organisation are reached only through a live\n\
         grant; anything else answers \"not found\".\n\n",
    );
    let _ = writeln!(out, "| method | path | {} | reaches |", COLUMNS.join(" | "));
    let _ = writeln!(out, "|---|---|{}---|", "---|".repeat(COLUMNS.len()));
    for route in routes {
        let cells: Vec<&str> = admitted(route.access).iter().map(|a| mark(*a)).collect();
        let _ =
            writeln!(out, "| {} | `{}` | {} | {} |", route.method, route.path, cells.join(" | "), whose(route.access));
    }
    out
}

fn permission_name(p: Permission) -> &'static str {
    match p {
        Permission::Read => "read: see the organisation's data and what was shared with it",
        Permission::Write => "write: change the organisation's own data (answers, evidence, profile)",
        Permission::Review => "review: decide on what other organisations submitted",
        Permission::Administer => "administer: members, relationships, sharing, tokens",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewers_decide_and_members_answer() {
        let review = admitted(Access::Shared(Permission::Review));
        assert_eq!(review, [true, false, true, false, false]);
        let write = admitted(Access::Org(Permission::Write));
        assert_eq!(write, [true, true, false, false, false]);
        assert_eq!(admitted(Access::Operator), [false, false, false, false, true]);
    }
}
