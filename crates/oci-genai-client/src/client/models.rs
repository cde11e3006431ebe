//! The control plane's model list, `GET /20231130/models`: filters, paging
//! and the query string.

use std::fmt::Write as _;

use crate::wire::{ModelCapability, ModelCollection, ModelLifecycleState};

/// Filters of the model list. `Default` lists everything in the compartment.
///
/// ```
/// use oci_genai_client::client::ModelFilters;
/// use oci_genai_client::wire::{ModelCapability, ModelLifecycleState};
///
/// let filters = ModelFilters::default()
///     .with_capability(ModelCapability::Chat)
///     .with_vendor("meta")
///     .with_lifecycle_state(ModelLifecycleState::Active);
/// # let _ = filters;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModelFilters {
    /// `capability`, repeatable: models with any of these capabilities.
    pub capabilities: Vec<ModelCapability>,
    /// `vendor`, e.g. `meta`, `cohere`.
    pub vendor: Option<String>,
    /// `lifecycleState`.
    pub lifecycle_state: Option<ModelLifecycleState>,
    /// `displayName`, exact.
    pub display_name: Option<String>,
    /// `id`: one model OCID.
    pub id: Option<String>,
    /// `limit`: items per page (OCI's default applies when unset).
    pub limit: Option<u32>,
    /// `sortBy`.
    pub sort_by: Option<ModelSortBy>,
    /// `sortOrder`.
    pub sort_order: Option<SortOrder>,
}

impl ModelFilters {
    /// Adds a capability to [`capabilities`](Self::capabilities).
    #[must_use]
    pub fn with_capability(mut self, capability: ModelCapability) -> Self {
        self.capabilities.push(capability);
        self
    }

    /// Sets [`vendor`](Self::vendor).
    #[must_use]
    pub fn with_vendor(mut self, vendor: impl Into<String>) -> Self {
        self.vendor = Some(vendor.into());
        self
    }

    /// Sets [`lifecycle_state`](Self::lifecycle_state).
    #[must_use]
    pub fn with_lifecycle_state(mut self, state: ModelLifecycleState) -> Self {
        self.lifecycle_state = Some(state);
        self
    }

    /// Sets [`display_name`](Self::display_name).
    #[must_use]
    pub fn with_display_name(mut self, name: impl Into<String>) -> Self {
        self.display_name = Some(name.into());
        self
    }

    /// Sets [`id`](Self::id).
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets [`limit`](Self::limit).
    #[must_use]
    pub fn with_limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Sets [`sort_by`](Self::sort_by) and [`sort_order`](Self::sort_order).
    #[must_use]
    pub fn sorted(mut self, by: ModelSortBy, order: SortOrder) -> Self {
        self.sort_by = Some(by);
        self.sort_order = Some(order);
        self
    }
}

/// The `sortBy` of the model list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ModelSortBy {
    /// `timeCreated`.
    TimeCreated,
    /// `displayName`.
    DisplayName,
    /// `lifecycleState`.
    LifecycleState,
}

impl ModelSortBy {
    fn as_str(self) -> &'static str {
        match self {
            Self::TimeCreated => "timeCreated",
            Self::DisplayName => "displayName",
            Self::LifecycleState => "lifecycleState",
        }
    }
}

/// The `sortOrder` of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SortOrder {
    /// `ASC`.
    Ascending,
    /// `DESC`.
    Descending,
}

impl SortOrder {
    fn as_str(self) -> &'static str {
        match self {
            Self::Ascending => "ASC",
            Self::Descending => "DESC",
        }
    }
}

/// One page of the model list.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ModelPage {
    /// The models on this page.
    pub collection: ModelCollection,
    /// The `opc-next-page` token, when more pages follow.
    pub next_page: Option<String>,
}

/// `/20231130/models?...` for a compartment, filters and page token, every
/// value percent-encoded (the signature covers the exact request target).
pub(crate) fn path_and_query(
    compartment_id: &str,
    filters: &ModelFilters,
    page: Option<&str>,
) -> String {
    let mut target = format!("{}/models?", super::endpoint::API_VERSION_PATH);
    let mut add = |name: &str, value: &str| {
        if !target.ends_with('?') {
            target.push('&');
        }
        target.push_str(name);
        target.push('=');
        percent_encode(&mut target, value);
    };
    add("compartmentId", compartment_id);
    for capability in &filters.capabilities {
        add("capability", capability.as_str());
    }
    if let Some(vendor) = &filters.vendor {
        add("vendor", vendor);
    }
    if let Some(state) = &filters.lifecycle_state {
        add("lifecycleState", state.as_str());
    }
    if let Some(name) = &filters.display_name {
        add("displayName", name);
    }
    if let Some(id) = &filters.id {
        add("id", id);
    }
    if let Some(limit) = filters.limit {
        add("limit", &limit.to_string());
    }
    if let Some(by) = filters.sort_by {
        add("sortBy", by.as_str());
    }
    if let Some(order) = filters.sort_order {
        add("sortOrder", order.as_str());
    }
    if let Some(page) = page {
        add("page", page);
    }
    target
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_with_every_filter() {
        let filters = ModelFilters::default()
            .with_capability(ModelCapability::Chat)
            .with_capability(ModelCapability::TextEmbeddings)
            .with_vendor("meta")
            .with_lifecycle_state(ModelLifecycleState::Active)
            .with_display_name("meta.llama-3.3-70b-instruct")
            .with_id("ocid1.generativeaimodel.oc1..x")
            .with_limit(50)
            .sorted(ModelSortBy::DisplayName, SortOrder::Descending);
        assert_eq!(
            path_and_query("ocid1.compartment.oc1..aaa", &filters, Some("AAA/bb+c==")),
            "/20231130/models?compartmentId=ocid1.compartment.oc1..aaa\
             &capability=CHAT&capability=TEXT_EMBEDDINGS&vendor=meta&lifecycleState=ACTIVE\
             &displayName=meta.llama-3.3-70b-instruct&id=ocid1.generativeaimodel.oc1..x\
             &limit=50&sortBy=displayName&sortOrder=DESC&page=AAA%2Fbb%2Bc%3D%3D"
        );
    }

    #[test]
    fn minimal_query_and_encoding() {
        assert_eq!(
            path_and_query("c", &ModelFilters::default(), None),
            "/20231130/models?compartmentId=c"
        );
        let mut out = String::new();
        percent_encode(&mut out, "a b&c=d/é~");
        assert_eq!(out, "a%20b%26c%3Dd%2F%C3%A9~");
    }
}
