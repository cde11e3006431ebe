//! `ServingMode`: which model or dedicated endpoint serves a request.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::tagged::Tagged;

/// Which model answers: an on-demand model or a dedicated AI cluster endpoint
/// (SDK `ServingMode`, discriminated by `servingType`).
///
/// ```
/// use oci_genai_client::wire::ServingMode;
///
/// let mode = ServingMode::on_demand("meta.llama-3.3-70b-instruct");
/// assert_eq!(
///     serde_json::to_string(&mode).unwrap(),
///     r#"{"servingType":"ON_DEMAND","modelId":"meta.llama-3.3-70b-instruct"}"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "servingType")]
#[non_exhaustive]
pub enum ServingMode {
    /// `ON_DEMAND` (SDK `OnDemandServingMode`).
    #[serde(rename = "ON_DEMAND", rename_all = "camelCase")]
    OnDemand {
        /// The model name (e.g. `cohere.command-a-03-2025`) or the model OCID.
        model_id: String,
    },
    /// `DEDICATED` (SDK `DedicatedServingMode`).
    #[serde(rename = "DEDICATED", rename_all = "camelCase")]
    Dedicated {
        /// The OCID of the dedicated endpoint.
        endpoint_id: String,
    },
    /// A serving type this crate does not know, kept as received.
    #[serde(untagged)]
    Other(Value),
}

impl ServingMode {
    /// `ON_DEMAND` with the given model name or OCID.
    pub fn on_demand(model_id: impl Into<String>) -> Self {
        Self::OnDemand {
            model_id: model_id.into(),
        }
    }

    /// `DEDICATED` with the given endpoint OCID.
    pub fn dedicated(endpoint_id: impl Into<String>) -> Self {
        Self::Dedicated {
            endpoint_id: endpoint_id.into(),
        }
    }
}

impl Default for ServingMode {
    /// `ON_DEMAND` with an empty model id.
    fn default() -> Self {
        Self::on_demand(String::new())
    }
}

impl Tagged for ServingMode {
    const TAG: &'static str = "servingType";
    const EXPECTING: &'static str = "a ServingMode object";

    fn is_known(tag: &str) -> bool {
        matches!(tag, "ON_DEMAND" | "DEDICATED")
    }

    fn from_known<'de, D: Deserializer<'de>>(tag: &str, de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct OnDemand {
            model_id: String,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Dedicated {
            endpoint_id: String,
        }
        match tag {
            "ON_DEMAND" => OnDemand::deserialize(de).map(|m| Self::OnDemand {
                model_id: m.model_id,
            }),
            "DEDICATED" => Dedicated::deserialize(de).map(|m| Self::Dedicated {
                endpoint_id: m.endpoint_id,
            }),
            other => Err(serde::de::Error::unknown_variant(
                other,
                &["ON_DEMAND", "DEDICATED"],
            )),
        }
    }

    fn other(value: Value) -> Self {
        Self::Other(value)
    }
}

impl<'de> Deserialize<'de> for ServingMode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::tagged::deserialize(deserializer)
    }
}
