//! Whether a return address stays on this site.

/// Only paths on this site: `/x`, never `//other.example` or `/\other.example`, which browsers
/// treat as other sites.
pub fn is_local_path(p: &str) -> bool {
    // No control character at all: browsers drop tabs and newlines from URLs, so "/\t/host"
    // would become "//host" (another site), and others make an invalid Location header.
    p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") && !p.contains(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/operator?x=1"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "/a\r\nSet-Cookie: x",
            "/\t/evil.example/x",
            "/\u{0}x",
            "/\u{7f}x",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
