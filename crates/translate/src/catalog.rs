//! Which OCI model answers a client's `model`, and the per-model rules, all as data.
//!
//! * [`ModelCatalog`]: the gateway's aliases and the OCI vendor prefixes that let plain OCI
//!   model ids through. [`ModelCatalog::resolve`] turns a client name into a [`Target`].
//! * [`MODEL_RULES`]: one row per OCI model family saying which API format, token-limit field
//!   and `developer` role it takes. The first row whose prefix matches wins; the last row
//!   matches everything. An alias can override the format and the role.

use std::collections::BTreeMap;

use oci_genai_client::wire::ServingMode;
use serde::{Deserialize, Serialize};

use crate::error::TranslateError;

/// The OCI chat API format (`chatRequest.apiFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ApiFormat {
    /// `GENERIC`: every model but Cohere's.
    #[serde(rename = "GENERIC", alias = "generic")]
    Generic,
    /// `COHERE`: Cohere's V1 chat API.
    #[serde(rename = "COHERE", alias = "cohere")]
    Cohere,
    /// `COHEREV2`: Cohere's V2 chat API (images, thinking).
    #[serde(rename = "COHEREV2", alias = "coherev2")]
    CohereV2,
}

impl ApiFormat {
    /// The wire value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "GENERIC",
            Self::Cohere => "COHERE",
            Self::CohereV2 => "COHEREV2",
        }
    }
}

/// Where an OpenAI `developer` message goes in a GENERIC request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DeveloperRole {
    /// `DEVELOPER` (OpenAI-served models).
    #[serde(rename = "DEVELOPER", alias = "developer")]
    Developer,
    /// `SYSTEM`, which every model takes (older models reject `DEVELOPER`).
    #[serde(rename = "SYSTEM", alias = "system")]
    System,
}

/// Which token-limit field a GENERIC model takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenLimitField {
    /// `maxTokens`.
    MaxTokens,
    /// `maxCompletionTokens` (gpt-5 and the o-series reject `maxTokens`).
    MaxCompletionTokens,
}

/// How a model family picks its API format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FormatRule {
    /// Always `GENERIC`.
    Generic,
    /// `COHERE` (V1), or `COHEREV2` when the request carries images or the alias marks the
    /// model as a thinking model.
    Cohere,
    /// Always `COHEREV2` (vision and reasoning models).
    CohereV2,
}

/// One row of [`MODEL_RULES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ModelRule {
    /// Matches OCI model ids starting with this (`""` matches all).
    pub prefix: &'static str,
    /// How the API format is chosen.
    pub format: FormatRule,
    /// A thinking model: `reasoning_effort` maps to COHEREV2 `thinking`.
    pub thinking: bool,
    /// The GENERIC token-limit field.
    pub token_limit: TokenLimitField,
    /// Where `developer` messages go in GENERIC.
    pub developer_role: DeveloperRole,
}

const fn rule(
    prefix: &'static str,
    format: FormatRule,
    thinking: bool,
    token_limit: TokenLimitField,
    developer_role: DeveloperRole,
) -> ModelRule {
    ModelRule {
        prefix,
        format,
        thinking,
        token_limit,
        developer_role,
    }
}

/// The per-family rules, first match wins. Evidence for each row is in `docs/translation.md`.
///
/// | prefix | format | thinking | token limit | `developer` |
/// | --- | --- | --- | --- | --- |
/// | `cohere.command-a-vision` | COHEREV2 | no | `maxTokens` | SYSTEM |
/// | `cohere.command-a-reasoning` | COHEREV2 | yes | `maxTokens` | SYSTEM |
/// | `cohere.` | COHERE (V2 with images) | no | `maxTokens` | SYSTEM |
/// | `openai.gpt-oss-` | GENERIC | no | `maxTokens` | DEVELOPER |
/// | `openai.` | GENERIC | no | `maxCompletionTokens` | DEVELOPER |
/// | anything else | GENERIC | no | `maxTokens` | SYSTEM |
pub const MODEL_RULES: &[ModelRule] = &[
    rule(
        "cohere.command-a-vision",
        FormatRule::CohereV2,
        false,
        TokenLimitField::MaxTokens,
        DeveloperRole::System,
    ),
    rule(
        "cohere.command-a-reasoning",
        FormatRule::CohereV2,
        true,
        TokenLimitField::MaxTokens,
        DeveloperRole::System,
    ),
    rule(
        "cohere.",
        FormatRule::Cohere,
        false,
        TokenLimitField::MaxTokens,
        DeveloperRole::System,
    ),
    rule(
        "openai.gpt-oss-",
        FormatRule::Generic,
        false,
        TokenLimitField::MaxTokens,
        DeveloperRole::Developer,
    ),
    rule(
        "openai.",
        FormatRule::Generic,
        false,
        TokenLimitField::MaxCompletionTokens,
        DeveloperRole::Developer,
    ),
    rule(
        "",
        FormatRule::Generic,
        false,
        TokenLimitField::MaxTokens,
        DeveloperRole::System,
    ),
];

/// The rule for an OCI model id (the catch-all row when nothing else matches).
#[must_use]
pub fn model_rule(model_id: &str) -> &'static ModelRule {
    // The table ends with a catch-all row, so `find` always succeeds; the fallback keeps the
    // function total should the table ever be edited.
    const CATCH_ALL: ModelRule = rule(
        "",
        FormatRule::Generic,
        false,
        TokenLimitField::MaxTokens,
        DeveloperRole::System,
    );
    MODEL_RULES
        .iter()
        .find(|rule| model_id.starts_with(rule.prefix))
        .unwrap_or(&CATCH_ALL)
}

/// OCI vendor prefixes: a client `model` starting with one of these is an OCI model id and
/// passes through unchanged. A new vendor is one more entry.
pub const DEFAULT_VENDOR_PREFIXES: &[&str] = &["meta.", "cohere.", "openai.", "xai.", "google."];

/// Dedicated AI cluster endpoints: served with `servingType: DEDICATED`.
pub const ENDPOINT_OCID_PREFIX: &str = "ocid1.generativeaiendpoint.";

/// Model OCIDs (fine-tuned and imported models, or base models by OCID): passed through as
/// `ON_DEMAND` model ids.
pub const MODEL_OCID_PREFIX: &str = "ocid1.generativeaimodel.";

/// What an alias maps to, and how to talk to it.
///
/// Build it with [`AliasSettings::new`] and set the fields you need; it also reads from a
/// config file (`serde`, every field but `target` optional):
///
/// ```
/// use translate::{AliasSettings, ApiFormat};
///
/// let settings: AliasSettings = serde_json::from_str(
///     r#"{"target": "ocid1.generativeaiendpoint.oc1.us-chicago-1.amaaaa", "api_format": "COHEREV2",
///         "base_model": "cohere.command-a-reasoning-08-2025", "default_max_tokens": 4000}"#,
/// )?;
/// assert_eq!(settings.api_format, Some(ApiFormat::CohereV2));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct AliasSettings {
    /// The OCI model id (`openai.gpt-4.1`), model OCID, or dedicated endpoint OCID
    /// (`ocid1.generativeaiendpoint…`, served as `DEDICATED`).
    pub target: String,
    /// Forces the API format, whatever [`MODEL_RULES`] says.
    pub api_format: Option<ApiFormat>,
    /// Marks the model as a thinking model: Cohere models then use COHEREV2, and
    /// `reasoning_effort` maps to `thinking`.
    pub thinking: bool,
    /// Where `developer` messages go in GENERIC, whatever [`MODEL_RULES`] says.
    pub developer_role: Option<DeveloperRole>,
    /// The token limit to send when the client sends none. Without it the limit is left to
    /// OCI's default, which can be small.
    pub default_max_tokens: Option<u32>,
    /// An upper bound on the client's token limit (OCI caps on-demand output, e.g. at 4,000
    /// tokens for some models).
    pub max_tokens_cap: Option<u32>,
    /// For a dedicated endpoint or a model OCID: the OCI model id it serves
    /// (`cohere.command-a-03-2025`), so that [`MODEL_RULES`] apply to it.
    pub base_model: Option<String>,
}

impl AliasSettings {
    /// Settings that map to `target` and change nothing else.
    pub fn new(target: impl Into<String>) -> Self {
        Self {
            target: target.into(),
            ..Self::default()
        }
    }
}

/// A resolved client model: where requests go and which rules apply.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Target {
    /// The model name the client sent; responses carry it back.
    pub client_model: String,
    /// The alias the name matched, or `None` for a pass-through OCI id.
    pub alias: Option<String>,
    /// The alias settings (for a pass-through id: `target` is the id, the rest default).
    pub settings: AliasSettings,
}

impl Target {
    /// A target for an OCI model id or OCID with default settings, without a catalog.
    pub fn oci(model: impl Into<String>) -> Self {
        let model = model.into();
        Self {
            client_model: model.clone(),
            alias: None,
            settings: AliasSettings::new(model),
        }
    }

    /// A target with the given settings, as if `client_model` were an alias of them.
    pub fn with_settings(client_model: impl Into<String>, settings: AliasSettings) -> Self {
        let client_model = client_model.into();
        Self {
            alias: Some(client_model.clone()),
            client_model,
            settings,
        }
    }

    /// The model id or endpoint OCID requests go to.
    #[must_use]
    pub fn oci_model(&self) -> &str {
        &self.settings.target
    }

    /// Whether requests go to a dedicated endpoint.
    #[must_use]
    pub fn is_dedicated(&self) -> bool {
        self.settings.target.starts_with(ENDPOINT_OCID_PREFIX)
    }

    /// `servingMode`: `DEDICATED` for an endpoint OCID, `ON_DEMAND` otherwise.
    #[must_use]
    pub fn serving_mode(&self) -> ServingMode {
        if self.is_dedicated() {
            ServingMode::dedicated(self.settings.target.clone())
        } else {
            ServingMode::on_demand(self.settings.target.clone())
        }
    }

    /// The row of [`MODEL_RULES`] that applies: by `base_model` when set, else by the target.
    #[must_use]
    pub fn rule(&self) -> &'static ModelRule {
        model_rule(
            self.settings
                .base_model
                .as_deref()
                .unwrap_or(&self.settings.target),
        )
    }

    /// Whether the model is a thinking model (by its rule or the alias).
    #[must_use]
    pub fn is_thinking(&self) -> bool {
        self.settings.thinking || self.rule().thinking
    }

    /// The API format of a request, given whether it carries images.
    #[must_use]
    pub fn api_format(&self, carries_images: bool) -> ApiFormat {
        if let Some(format) = self.settings.api_format {
            return format;
        }
        match self.rule().format {
            FormatRule::Generic => ApiFormat::Generic,
            FormatRule::CohereV2 => ApiFormat::CohereV2,
            FormatRule::Cohere if carries_images || self.is_thinking() => ApiFormat::CohereV2,
            FormatRule::Cohere => ApiFormat::Cohere,
        }
    }

    /// Where `developer` messages go in GENERIC.
    #[must_use]
    pub fn developer_role(&self) -> DeveloperRole {
        self.settings
            .developer_role
            .unwrap_or(self.rule().developer_role)
    }
}

/// The gateway's model names: aliases, plus the vendor prefixes that let plain OCI model ids
/// through so that new OCI models work without a code change.
///
/// [`Default`] is the alias map of the well-known OpenClaw tutorial (`gpt-5`, `openai/gpt-5`
/// and `openai-compatible/gpt-5` → `openai.gpt-4.1`) with [`DEFAULT_VENDOR_PREFIXES`].
///
/// ```
/// use oci_genai_client::wire::ServingMode;
/// use translate::{AliasSettings, ModelCatalog};
///
/// let catalog = ModelCatalog::default()
///     .with_alias("fast", AliasSettings::new("meta.llama-3.3-70b-instruct"));
/// assert_eq!(catalog.resolve("openai/gpt-5")?.oci_model(), "openai.gpt-4.1");
/// assert_eq!(catalog.resolve("fast")?.serving_mode(), ServingMode::on_demand("meta.llama-3.3-70b-instruct"));
/// assert_eq!(catalog.resolve("xai.grok-4")?.oci_model(), "xai.grok-4"); // passes through
/// assert!(catalog.resolve("gpt-4.1").is_err()); // an OpenAI name, not an OCI id
/// # Ok::<(), translate::TranslateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelCatalog {
    aliases: BTreeMap<String, AliasSettings>,
    vendor_prefixes: Vec<String>,
}

impl Default for ModelCatalog {
    fn default() -> Self {
        ["gpt-5", "openai/gpt-5", "openai-compatible/gpt-5"]
            .into_iter()
            .fold(Self::new(), |catalog, alias| {
                catalog.with_alias(alias, AliasSettings::new("openai.gpt-4.1"))
            })
    }
}

impl ModelCatalog {
    /// A catalog without aliases, with [`DEFAULT_VENDOR_PREFIXES`].
    #[must_use]
    pub fn new() -> Self {
        Self {
            aliases: BTreeMap::new(),
            vendor_prefixes: DEFAULT_VENDOR_PREFIXES
                .iter()
                .map(|prefix| (*prefix).to_owned())
                .collect(),
        }
    }

    /// Adds (or replaces) an alias.
    #[must_use]
    pub fn with_alias(mut self, alias: impl Into<String>, settings: AliasSettings) -> Self {
        self.insert_alias(alias, settings);
        self
    }

    /// Adds (or replaces) an alias.
    pub fn insert_alias(&mut self, alias: impl Into<String>, settings: AliasSettings) {
        self.aliases.insert(alias.into(), settings);
    }

    /// Replaces the vendor prefixes that let OCI model ids pass through.
    #[must_use]
    pub fn with_vendor_prefixes<I, S>(mut self, prefixes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.vendor_prefixes = prefixes.into_iter().map(Into::into).collect();
        self
    }

    /// The aliases, sorted by name.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, &AliasSettings)> {
        self.aliases
            .iter()
            .map(|(alias, settings)| (alias.as_str(), settings))
    }

    /// The vendor prefixes.
    pub fn vendor_prefixes(&self) -> impl Iterator<Item = &str> {
        self.vendor_prefixes.iter().map(String::as_str)
    }

    /// Whether `name` passes through as an OCI id: it starts with a vendor prefix, or it is a
    /// model or endpoint OCID.
    #[must_use]
    pub fn is_oci_id(&self, name: &str) -> bool {
        name.starts_with(ENDPOINT_OCID_PREFIX)
            || name.starts_with(MODEL_OCID_PREFIX)
            || self
                .vendor_prefixes
                .iter()
                .any(|prefix| name.starts_with(prefix.as_str()))
    }

    /// Resolves a client `model`: an alias first, then a pass-through OCI id.
    ///
    /// # Errors
    ///
    /// [`TranslateError::UnknownModel`], listing the aliases, when `client_model` is neither.
    pub fn resolve(&self, client_model: &str) -> Result<Target, TranslateError> {
        if let Some(settings) = self.aliases.get(client_model) {
            return Ok(Target {
                client_model: client_model.to_owned(),
                alias: Some(client_model.to_owned()),
                settings: settings.clone(),
            });
        }
        if self.is_oci_id(client_model) {
            return Ok(Target::oci(client_model));
        }
        Err(TranslateError::UnknownModel {
            model: client_model.to_owned(),
            aliases: self.aliases.keys().cloned().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_pick_formats() {
        let format = |id: &str, images: bool| Target::oci(id).api_format(images);
        assert_eq!(format("cohere.command-r-08-2024", false), ApiFormat::Cohere);
        assert_eq!(format("cohere.command-a-03-2025", false), ApiFormat::Cohere);
        assert_eq!(
            format("cohere.command-a-03-2025", true),
            ApiFormat::CohereV2
        );
        assert_eq!(
            format("cohere.command-a-vision-07-2025", false),
            ApiFormat::CohereV2
        );
        assert_eq!(
            format("cohere.command-a-reasoning-08-2025", false),
            ApiFormat::CohereV2
        );
        assert_eq!(
            format("meta.llama-3.3-70b-instruct", true),
            ApiFormat::Generic
        );
        assert_eq!(
            format("ocid1.generativeaiendpoint.x", false),
            ApiFormat::Generic
        );
    }

    #[test]
    fn alias_overrides_and_base_model() {
        let mut settings = AliasSettings::new("ocid1.generativeaiendpoint.oc1.x");
        settings.base_model = Some("cohere.command-r-08-2024".into());
        let target = Target::with_settings("mine", settings.clone());
        assert_eq!(target.api_format(false), ApiFormat::Cohere);
        assert!(target.is_dedicated());
        settings.thinking = true;
        assert_eq!(
            Target::with_settings("mine", settings.clone()).api_format(false),
            ApiFormat::CohereV2
        );
        settings.api_format = Some(ApiFormat::Generic);
        assert_eq!(
            Target::with_settings("mine", settings).api_format(true),
            ApiFormat::Generic
        );
    }

    #[test]
    fn developer_role_by_family() {
        assert_eq!(
            Target::oci("openai.gpt-5").developer_role(),
            DeveloperRole::Developer
        );
        assert_eq!(
            Target::oci("openai.gpt-oss-120b").developer_role(),
            DeveloperRole::Developer
        );
        assert_eq!(
            Target::oci("xai.grok-4").developer_role(),
            DeveloperRole::System
        );
    }

    #[test]
    fn resolve_aliases_ids_and_unknowns() {
        let catalog = ModelCatalog::default();
        for alias in ["gpt-5", "openai/gpt-5", "openai-compatible/gpt-5"] {
            let target = catalog.resolve(alias).unwrap();
            assert_eq!(target.oci_model(), "openai.gpt-4.1");
            assert_eq!(target.client_model, alias);
        }
        let target = catalog
            .resolve("ocid1.generativeaiendpoint.oc1.us-chicago-1.abc")
            .unwrap();
        assert!(matches!(
            target.serving_mode(),
            ServingMode::Dedicated { .. }
        ));
        assert!(catalog.resolve("ocid1.generativeaimodel.oc1.x").is_ok());
        let Err(TranslateError::UnknownModel { model, aliases }) = catalog.resolve("gpt-4.1")
        else {
            panic!("gpt-4.1 must be unknown");
        };
        assert_eq!(model, "gpt-4.1");
        assert_eq!(
            aliases,
            ["gpt-5", "openai-compatible/gpt-5", "openai/gpt-5"]
        );
        let catalog = catalog.with_vendor_prefixes(["acme."]);
        assert!(catalog.resolve("acme.model-1").is_ok());
        assert!(catalog.resolve("meta.llama").is_err());
    }
}
