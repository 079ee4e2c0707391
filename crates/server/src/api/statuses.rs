//! The error statuses every operation can answer, added to the OpenAPI document from the route
//! registry, so the document says what the guard, the input screening and the extractors do
//! before any handler runs (a handler documents its own outcomes on top).

use serde_json::{Value, json};

use crate::platform::routes::{Access, RouteInfo, Surface};

/// The statuses `route` can answer whatever its handler does, with what each means.
fn common_statuses(route: &RouteInfo, has_body: bool) -> Vec<(&'static str, &'static str)> {
    let mut statuses = vec![(
        "400",
        "The request cannot be read: a control character in the path, the query or a field, or a malformed query or body",
    )];
    if route.access != Access::Public {
        statuses.push(("401", "Not signed in, or an API token that does not work here"));
    }
    if !matches!(route.access, Access::Public | Access::Enrolling) {
        statuses
            .push(("403", "The caller's role, or a missing two-factor set-up or organisation, does not allow this"));
    }
    if route.path.contains('{') {
        statuses.push(("404", "No such object that the caller may reach"));
    }
    if matches!(route.method.as_str(), "POST" | "PUT" | "PATCH") {
        statuses.push(("413", "The body is larger than this operation accepts"));
        statuses.push(("422", "The body is well-formed but its fields are not what this operation takes"));
    }
    if has_body {
        statuses.push(("415", "The body is not of the documented media type"));
    }
    statuses
}

/// Adds the common statuses to every operation of `doc` that the registry knows.
pub fn complete(doc: &mut Value, routes: &[RouteInfo]) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for route in routes.iter().filter(|r| r.surface == Surface::Api) {
        let method = route.method.to_ascii_lowercase();
        let Some(operation) = paths.get_mut(route.path).and_then(|p| p.get_mut(&method)) else { continue };
        let has_body = operation.get("requestBody").is_some();
        let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { continue };
        for (status, description) in common_statuses(route, has_body) {
            responses.entry(status).or_insert_with(|| {
                json!({
                    "description": description,
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                })
            });
        }
    }
}
