//! The caller's address for throttling and rate limits: the peer of the TCP
//! connection, unless that peer is a trusted proxy (`SAMVERKA_TRUSTED_PROXIES`,
//! CIDRs); then the address the proxies recorded (`Forwarded: for=` or
//! `X-Forwarded-For`), read from the right, skipping trusted proxies. A
//! client cannot choose its own address by sending these headers directly.

use actix_web::HttpRequest;
use actix_web::dev::ServiceRequest;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    /// CIDRs (`10.0.0.0/8`) or single addresses; the first bad one is named.
    pub fn parse(items: &[String]) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
            let net = item
                .parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("SAMVERKA_TRUSTED_PROXIES: `{item}` is not a CIDR or an IP address"))?;
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    fn trusts(&self, address: &IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(address))
    }

    /// The caller's address given the peer and the request headers.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> String {
        let Some(peer) = peer else { return "unknown".to_owned() };
        if !self.trusts(&peer) {
            return peer.to_string();
        }
        forwarded_chain(headers).into_iter().rev().find(|hop| !self.trusts(hop)).unwrap_or(peer).to_string()
    }

    pub fn of_request(&self, req: &HttpRequest) -> String {
        self.client(req.peer_addr().map(|a| a.ip()), req.headers())
    }

    pub fn of_service_request(&self, req: &ServiceRequest) -> String {
        self.client(req.peer_addr().map(|a| a.ip()), req.headers())
    }
}

/// The addresses the proxies recorded, first hop first: `Forwarded` when
/// present (RFC 7239), else `X-Forwarded-For`. Hops that are not addresses
/// (`unknown`, obfuscated names) are left out.
fn forwarded_chain(headers: &HeaderMap) -> Vec<IpAddr> {
    let forwarded: Vec<IpAddr> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.eq_ignore_ascii_case("for").then(|| parse_node(value))?
            })
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded;
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(parse_node)
        .collect()
}

/// `192.0.2.1`, `"[2001:db8::1]:4711"`, `192.0.2.1:8080`.
fn parse_node(value: &str) -> Option<IpAddr> {
    let value = value.trim().trim_matches('"');
    if let Some(rest) = value.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    value.parse().ok().or_else(|| value.rsplit_once(':').and_then(|(host, _)| host.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let none = TrustedProxies::default();
        let proxy = TrustedProxies::parse(&["10.0.0.0/8".to_owned(), "192.0.2.7".to_owned()]).expect("valid");
        let spoofed = headers(&[("x-forwarded-for", "203.0.113.9")]);
        let peer = |a: &str| Some(a.parse::<IpAddr>().expect("ip"));
        assert_eq!(none.client(peer("198.51.100.1"), &spoofed), "198.51.100.1");
        assert_eq!(proxy.client(peer("198.51.100.1"), &spoofed), "198.51.100.1", "not from a proxy");
        assert_eq!(proxy.client(peer("10.1.2.3"), &spoofed), "203.0.113.9");
        // A client that prepends a fake hop gets its real address (the proxy's right-most entry).
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5")]);
        assert_eq!(proxy.client(peer("10.1.2.3"), &chain), "203.0.113.9");
        let rfc = headers(&[("forwarded", "for=\"[2001:db8::1]:4711\";proto=https, for=192.0.2.7")]);
        assert_eq!(proxy.client(peer("10.1.2.3"), &rfc), "2001:db8::1");
        assert_eq!(proxy.client(peer("10.1.2.3"), &HeaderMap::new()), "10.1.2.3");
        assert!(TrustedProxies::parse(&["not-a-net".to_owned()]).is_err());
    }
}
