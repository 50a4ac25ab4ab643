//! The one parser for the `https://` URLs an endpoint names (its `url`, an
//! OAuth `token_url`).
//!
//! `check::endpoints` reports what is wrong with a URL from the error this
//! returns, and `check::resources` and `lower` take host and port from the
//! same parse, so a URL the checker accepted is never read differently
//! later (the two used to disagree on port 0 and on a trailing dot).
//!
//! Decisions:
//! - port 0 is not a port (`1..=65535`);
//! - a host ending in `.` is rejected: the absolute form names the same host
//!   as the relative one, and accepting both would give one API two
//!   spellings in the IAM condition, the Lattice `DomainName` and the
//!   same-host comparison of a token endpoint.

/// The default port of `https`.
pub const HTTPS_PORT: u16 = 443;

/// The parts of an `https://host[:port][/path][?query][#fragment]` URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpsUrl<'a> {
    /// The host as written (letters, digits, `-` and dots).
    pub host: &'a str,
    /// The explicit port, if any.
    pub port: Option<u16>,
    /// Everything after the authority: path, query and fragment.
    pub rest: &'a str,
}

/// Why a text is not a usable `https://` URL, in the order the parser
/// looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// Not `https://`; carries the scheme written, if there is one.
    NotHttps(Option<String>),
    /// Whitespace somewhere in the URL.
    Whitespace,
    /// Nothing between `https://` and the path.
    NoHost,
    /// `user:password@` before the host.
    Credentials,
    /// A bracketed IPv6 literal instead of a host name.
    Ipv6Literal,
    /// A port that is not a number from 1 to 65535.
    BadPort,
    /// The host ends with `.`.
    TrailingDot,
    /// A host that is not dot-separated labels of letters, digits and `-`
    /// (each 1–63 characters, not starting or ending with `-`; 253 in all).
    BadHost,
}

impl<'a> HttpsUrl<'a> {
    /// Parses `text` as an `https://` URL (the scheme in any case).
    pub fn parse(text: &'a str) -> Result<HttpsUrl<'a>, UrlError> {
        let Some((scheme, after)) = text.split_once("://") else {
            return Err(UrlError::NotHttps(None));
        };
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(UrlError::NotHttps(Some(scheme.to_owned())));
        }
        if text.chars().any(char::is_whitespace) {
            return Err(UrlError::Whitespace);
        }
        let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(authority_end);
        if authority.is_empty() {
            return Err(UrlError::NoHost);
        }
        if authority.contains('@') {
            return Err(UrlError::Credentials);
        }
        if authority.starts_with('[') {
            return Err(UrlError::Ipv6Literal);
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(parse_port(port)?)),
            None => (authority, None),
        };
        if host.ends_with('.') && host.len() > 1 {
            return Err(UrlError::TrailingDot);
        }
        if !is_host_name(host) {
            return Err(UrlError::BadHost);
        }
        Ok(HttpsUrl { host, port, rest })
    }

    /// The host's dot-separated labels.
    pub fn labels(&self) -> impl Iterator<Item = &'a str> {
        self.host.split('.')
    }

    /// The port calls go to: the explicit one, else 443.
    pub fn effective_port(&self) -> u16 {
        self.port.unwrap_or(HTTPS_PORT)
    }

    /// Whether two URLs name the same host (host names ignore case).
    pub fn same_host(&self, other: &HttpsUrl<'_>) -> bool {
        self.host.eq_ignore_ascii_case(other.host)
    }
}

fn parse_port(text: &str) -> Result<u16, UrlError> {
    match text.parse::<u16>() {
        Ok(port) if port > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(port),
        _ => Err(UrlError::BadPort),
    }
}

fn is_host_name(host: &str) -> bool {
    host.len() <= 253 && host.split('.').all(is_label)
}

fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_port(text: &str) -> Result<(&str, Option<u16>), UrlError> {
        HttpsUrl::parse(text).map(|u| (u.host, u.port))
    }

    #[test]
    fn host_port_and_rest() {
        let url = HttpsUrl::parse("https://billing.example.com/v1?x#y");
        assert_eq!(
            url,
            Ok(HttpsUrl {
                host: "billing.example.com",
                port: None,
                rest: "/v1?x#y"
            })
        );
        assert_eq!(
            host_port("HTTPS://api.example.com:8443"),
            Ok(("api.example.com", Some(8443)))
        );
        assert_eq!(
            HttpsUrl::parse("https://a.example.com:8443").map(|u| u.effective_port()),
            Ok(8443)
        );
        assert_eq!(
            HttpsUrl::parse("https://a.example.com").map(|u| u.effective_port()),
            Ok(443)
        );
    }

    #[test]
    fn port_zero_is_not_a_port() {
        assert_eq!(host_port("https://a.example.com:0"), Err(UrlError::BadPort));
        assert_eq!(
            host_port("https://a.example.com:65536"),
            Err(UrlError::BadPort)
        );
        assert_eq!(
            host_port("https://a.example.com:+1"),
            Err(UrlError::BadPort)
        );
        assert_eq!(host_port("https://a.example.com:"), Err(UrlError::BadPort));
        assert_eq!(
            host_port("https://a.example.com:1"),
            Ok(("a.example.com", Some(1)))
        );
    }

    #[test]
    fn a_trailing_dot_is_rejected() {
        assert_eq!(
            host_port("https://a.example.com./x"),
            Err(UrlError::TrailingDot)
        );
        assert_eq!(
            host_port("https://a.example.com.:8443"),
            Err(UrlError::TrailingDot)
        );
        assert_eq!(host_port("https://./x"), Err(UrlError::BadHost));
    }

    #[test]
    fn other_problems() {
        assert_eq!(
            host_port("http://a.example.com"),
            Err(UrlError::NotHttps(Some("http".into())))
        );
        assert_eq!(host_port("a.example.com"), Err(UrlError::NotHttps(None)));
        assert_eq!(host_port("https://:443/x"), Err(UrlError::BadHost));
        assert_eq!(host_port("https:///x"), Err(UrlError::NoHost));
        assert_eq!(
            host_port("https://user@a.example.com"),
            Err(UrlError::Credentials)
        );
        assert_eq!(host_port("https://[::1]/x"), Err(UrlError::Ipv6Literal));
        assert_eq!(host_port("https://a b.com"), Err(UrlError::Whitespace));
        assert_eq!(host_port("https://a_b.com"), Err(UrlError::BadHost));
        assert_eq!(host_port("https://-a.com"), Err(UrlError::BadHost));
    }
}
