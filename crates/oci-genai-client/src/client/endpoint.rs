//! Where requests go: the inference and control-plane hosts of a region, or
//! explicit base URLs.
//!
//! | service | host |
//! | --- | --- |
//! | inference (chat, embeddings) | `https://inference.generativeai.{region}.oci.{realm domain}` |
//! | control plane (model list) | `https://generativeai.{region}.oci.{realm domain}` |
//!
//! The realm domain comes from the region, as in the OCI SDKs: `oraclecloud.com`
//! for the commercial realm oc1, `oraclegovcloud.com` for oc2 and oc3,
//! `oraclegovcloud.uk` for oc4, `oraclecloud.eu` for oc19, and so on. A region
//! the table does not know is taken to be in oc1, as the SDKs do, unless a
//! realm domain is given.

mod regions;

use std::fmt;

use http::uri::{Authority, Scheme};

use super::error::BuildError;

/// The API version path every operation starts with.
pub(crate) const API_VERSION_PATH: &str = "/20231130";

/// An OCI region, with the second-level domain of its realm.
///
/// ```
/// use oci_genai_client::client::Region;
///
/// let region = Region::new("us-chicago-1")?;
/// assert_eq!(region.realm(), Some("oc1"));
/// assert_eq!(
///     region.inference_endpoint().as_str(),
///     "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com"
/// );
/// // Airport codes work too, as in the SDKs.
/// assert_eq!(Region::new("fra")?.name(), "eu-frankfurt-1");
/// assert_eq!(Region::new("us-gov-ashburn-1")?.realm_domain(), "oraclegovcloud.com");
/// # Ok::<(), oci_genai_client::client::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region {
    name: String,
    realm: Option<&'static str>,
    realm_domain: String,
}

impl Region {
    /// A region by name (`us-chicago-1`) or short name (`ord`), in the realm
    /// the SDK tables give it, or in oc1 when they do not know it.
    ///
    /// # Errors
    ///
    /// [`BuildError::InvalidRegion`] when `name` is not a region name
    /// (lowercase letters, digits and inner hyphens).
    pub fn new(name: &str) -> Result<Self, BuildError> {
        let name = normalise_region(name)?;
        let realm = lookup(regions::REGION_REALMS, &name).unwrap_or("oc1");
        let realm_domain = lookup(regions::REALM_DOMAINS, realm).unwrap_or("oraclecloud.com");
        Ok(Self {
            name,
            realm: Some(realm),
            realm_domain: realm_domain.to_owned(),
        })
    }

    /// A region in a realm whose second-level domain is given, for regions
    /// newer than this crate's table.
    ///
    /// # Errors
    ///
    /// [`BuildError::InvalidRegion`] for a bad region name, or a domain that
    /// is not a dotted host name.
    pub fn with_realm_domain(name: &str, realm_domain: &str) -> Result<Self, BuildError> {
        let name = normalise_region(name)?;
        let domain = realm_domain
            .trim()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let valid = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !valid {
            return Err(BuildError::InvalidRegion {
                region: format!("{name} (realm domain {realm_domain:?})"),
            });
        }
        Ok(Self {
            name,
            realm: None,
            realm_domain: domain,
        })
    }

    /// The region name, e.g. `us-chicago-1`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The realm (`oc1`, ...), unless the realm domain was given explicitly.
    pub fn realm(&self) -> Option<&str> {
        self.realm
    }

    /// The realm's second-level domain, e.g. `oraclecloud.com`.
    pub fn realm_domain(&self) -> &str {
        &self.realm_domain
    }

    /// `https://inference.generativeai.{region}.oci.{realm domain}`.
    pub fn inference_endpoint(&self) -> Endpoint {
        self.endpoint("inference.generativeai")
    }

    /// `https://generativeai.{region}.oci.{realm domain}`.
    pub fn control_plane_endpoint(&self) -> Endpoint {
        self.endpoint("generativeai")
    }

    fn endpoint(&self, service: &str) -> Endpoint {
        let host = format!("{service}.{}.oci.{}", self.name, self.realm_domain);
        Endpoint {
            scheme: Scheme::HTTPS,
            // The name and domain were checked to be host-name characters.
            authority: Authority::try_from(host.as_str()).ok(),
            url: format!("https://{host}"),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A service base URL: scheme, host and port, without the `/20231130`
/// version path, which the client adds.
///
/// ```
/// use oci_genai_client::client::Endpoint;
///
/// let mock = Endpoint::parse("http://127.0.0.1:8080/")?;
/// assert_eq!(mock.as_str(), "http://127.0.0.1:8080");
/// assert!(Endpoint::parse("https://example.com/20231130").is_err());
/// # Ok::<(), oci_genai_client::client::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    scheme: Scheme,
    /// `None` only if a region produced a host `http` refuses, which the
    /// region checks rule out; kept fallible rather than panicking.
    authority: Option<Authority>,
    url: String,
}

impl Endpoint {
    /// Parses a base URL: `http://` or `https://`, a host, an optional port
    /// and nothing else. A trailing slash is ignored. Plain `http://` is for
    /// tests and local mocks.
    ///
    /// # Errors
    ///
    /// [`BuildError::InvalidEndpoint`] saying what is wrong.
    pub fn parse(url: &str) -> Result<Self, BuildError> {
        let invalid = |reason| BuildError::InvalidEndpoint {
            url: url.to_owned(),
            reason,
        };
        let trimmed = url.trim();
        let (scheme, rest) = if let Some(rest) = strip_prefix_ignore_case(trimmed, "https://") {
            (Scheme::HTTPS, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(trimmed, "http://") {
            (Scheme::HTTP, rest)
        } else {
            return Err(invalid("the scheme must be https:// or http://"));
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains('/') {
            return Err(invalid(
                "a base URL has no path: leave out /20231130, the client adds it",
            ));
        }
        if rest.contains(['?', '#']) {
            return Err(invalid("a base URL has no query or fragment"));
        }
        if rest.contains('@') {
            return Err(invalid("a base URL has no user name or password"));
        }
        if rest.is_empty() {
            return Err(invalid("the host is missing"));
        }
        let authority = Authority::try_from(rest.to_ascii_lowercase().as_str())
            .map_err(|_| invalid("the host or port is malformed"))?;
        if authority.host().is_empty() {
            return Err(invalid("the host is missing"));
        }
        // `Authority` accepts any text after the colon; a port is a number.
        if let Some(port) = authority.as_str()[authority.host().len()..].strip_prefix(':') {
            if port.is_empty() {
                return Err(invalid("the port is empty"));
            }
            if !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err() {
                return Err(invalid("the host or port is malformed"));
            }
        }
        let url = format!("{scheme}://{authority}");
        Ok(Self {
            scheme,
            authority: Some(authority),
            url,
        })
    }

    /// The base URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// Whether the endpoint uses TLS.
    pub fn is_https(&self) -> bool {
        self.scheme == Scheme::HTTPS
    }

    /// The URI of `path_and_query` (which starts with `/`) on this endpoint.
    pub(crate) fn uri(&self, path_and_query: &str) -> Result<http::Uri, http::Error> {
        let mut builder = http::Uri::builder().scheme(self.scheme.clone());
        if let Some(authority) = &self.authority {
            builder = builder.authority(authority.clone());
        }
        builder.path_and_query(path_and_query).build()
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Lowercases `name`, maps a short name to its region, and checks the result.
fn normalise_region(name: &str) -> Result<String, BuildError> {
    let lowered = name.trim().to_ascii_lowercase();
    let full = lookup(regions::SHORT_NAMES, &lowered).map_or(lowered, str::to_owned);
    let valid = !full.is_empty()
        && !full.starts_with('-')
        && !full.ends_with('-')
        && full
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(full)
    } else {
        Err(BuildError::InvalidRegion {
            region: name.to_owned(),
        })
    }
}

fn lookup(table: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table
        .binary_search_by(|(candidate, _)| (*candidate).cmp(key))
        .ok()
        .map(|index| table[index].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [
            regions::REGION_REALMS,
            regions::REALM_DOMAINS,
            regions::SHORT_NAMES,
        ] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
        // Every realm a region names has a domain, every short name a region.
        for (region, realm) in regions::REGION_REALMS {
            assert!(lookup(regions::REALM_DOMAINS, realm).is_some(), "{region}");
        }
        for (short, region) in regions::SHORT_NAMES {
            assert!(lookup(regions::REGION_REALMS, region).is_some(), "{short}");
        }
    }

    #[test]
    fn region_hosts_per_realm() {
        let cases = [
            ("us-chicago-1", "oc1", "oraclecloud.com"),
            ("US-Ashburn-1 ", "oc1", "oraclecloud.com"),
            ("us-langley-1", "oc2", "oraclegovcloud.com"),
            ("us-gov-phoenix-1", "oc3", "oraclegovcloud.com"),
            ("uk-gov-london-1", "oc4", "oraclegovcloud.uk"),
            ("ap-chiyoda-1", "oc8", "oraclecloud8.com"),
            ("eu-frankfurt-2", "oc19", "oraclecloud.eu"),
            // Unknown regions default to oc1, as in the SDKs.
            ("xx-newregion-1", "oc1", "oraclecloud.com"),
        ];
        for (name, realm, domain) in cases {
            let region = Region::new(name).unwrap();
            assert_eq!(region.realm(), Some(realm), "{name}");
            assert_eq!(region.realm_domain(), domain, "{name}");
            let name = region.name();
            assert_eq!(
                region.inference_endpoint().as_str(),
                format!("https://inference.generativeai.{name}.oci.{domain}")
            );
            assert_eq!(
                region.control_plane_endpoint().as_str(),
                format!("https://generativeai.{name}.oci.{domain}")
            );
        }
        assert_eq!(Region::new("ord").unwrap().name(), "us-chicago-1");
        assert_eq!(Region::new("IAD").unwrap().name(), "us-ashburn-1");
    }

    #[test]
    fn explicit_realm_domain() {
        let region = Region::with_realm_domain("xx-new-1", "OracleCloud99.com.").unwrap();
        assert_eq!(region.realm(), None);
        assert_eq!(
            region.control_plane_endpoint().as_str(),
            "https://generativeai.xx-new-1.oci.oraclecloud99.com"
        );
        for domain in ["", "com", "a..b", "-a.com", "a b.com", "a/b.com"] {
            assert!(
                Region::with_realm_domain("xx-new-1", domain).is_err(),
                "{domain}"
            );
        }
    }

    #[test]
    fn bad_region_names() {
        for name in [
            "",
            "-us-1",
            "us-1-",
            "us_chicago_1",
            "us.chicago",
            "üs-1",
            "us chicago",
        ] {
            assert!(
                matches!(Region::new(name), Err(BuildError::InvalidRegion { .. })),
                "{name:?}"
            );
        }
    }

    #[test]
    fn base_urls() {
        let cases = [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("HTTPS://Example.COM", "https://example.com"),
            ("https://[::1]:443/", "https://[::1]:443"),
            (" https://host.example ", "https://host.example"),
        ];
        for (url, expected) in cases {
            let endpoint = Endpoint::parse(url).unwrap();
            assert_eq!(endpoint.as_str(), expected);
            assert_eq!(endpoint.to_string(), expected);
        }
        assert!(Endpoint::parse("https://a.example").unwrap().is_https());
        assert!(!Endpoint::parse("http://a.example").unwrap().is_https());
    }

    #[test]
    fn bad_base_urls_say_why() {
        let cases = [
            ("ftp://host", "the scheme must be https:// or http://"),
            ("host.example", "the scheme must be https:// or http://"),
            (
                "https://host/20231130",
                "a base URL has no path: leave out /20231130, the client adds it",
            ),
            (
                "https://host//",
                "a base URL has no path: leave out /20231130, the client adds it",
            ),
            ("https://host?x=1", "a base URL has no query or fragment"),
            ("https://host#top", "a base URL has no query or fragment"),
            (
                "https://user:pw@host",
                "a base URL has no user name or password",
            ),
            ("https://", "the host is missing"),
            ("https://host:port", "the host or port is malformed"),
            ("https://host:99999", "the host or port is malformed"),
            ("https://ho st", "the host or port is malformed"),
            ("https://host:", "the port is empty"),
        ];
        for (url, expected) in cases {
            match Endpoint::parse(url) {
                Err(BuildError::InvalidEndpoint { reason, .. }) => {
                    assert_eq!(reason, expected, "{url}");
                }
                other => panic!("{url}: {other:?}"),
            }
        }
    }

    #[test]
    fn uris_on_an_endpoint() {
        let endpoint = Endpoint::parse("http://127.0.0.1:9/").unwrap();
        let uri = endpoint.uri("/20231130/actions/chat").unwrap();
        assert_eq!(uri.to_string(), "http://127.0.0.1:9/20231130/actions/chat");
    }
}
