//! Where a request comes from: the peer's address, or, when the peer is one of the reverse
//! proxies the operator listed (`server.trusted_proxies`), the client address that proxy put
//! in `X-Forwarded-For`. Rate limits count per this address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use super::error::AppError;
use crate::platform::state::AppState;

/// The address of the person or program calling.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("no peer address: {e}")))?;
        Ok(ClientAddress(client_address(peer.ip(), &parts.headers, &state.settings().server.trusted_proxies)))
    }
}

/// The client's address: walking `X-Forwarded-For` from the nearest hop back, the first
/// address that is not a trusted proxy. A peer that is not trusted is the client itself, and
/// an unreadable header leaves the last trusted hop as the client.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    // Every X-Forwarded-For line, in order, is one list: the last entry is the nearest hop.
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else { return client };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append("x-forwarded-for", line.parse().expect("header value"));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("net"), "::1/128".parse().expect("net")];
        let spoofed = headers(&["203.0.113.9"]);
        assert_eq!(client_address(ip("198.51.100.7"), &spoofed, &trusted), ip("198.51.100.7"), "not a proxy");
        assert_eq!(client_address(ip("10.1.2.3"), &spoofed, &trusted), ip("203.0.113.9"));
        assert_eq!(client_address(ip("10.1.2.3"), &spoofed, &[]), ip("10.1.2.3"), "no proxies listed");
        // The client put its own guess first; the proxies appended what they saw.
        let chain = headers(&["1.1.1.1, 203.0.113.9", "10.9.9.9"]);
        assert_eq!(client_address(ip("::1"), &chain, &trusted), ip("203.0.113.9"));
        let garbage = headers(&["not-an-address, 10.9.9.9"]);
        assert_eq!(client_address(ip("10.1.2.3"), &garbage, &trusted), ip("10.9.9.9"), "the last hop read");
        assert_eq!(client_address(ip("10.1.2.3"), &HeaderMap::new(), &trusted), ip("10.1.2.3"));
    }
}
