//! Control plane `GET /20231130/models` (host `generativeai.{region}.oci.oraclecloud.com`):
//! `ModelCollection` of `ModelSummary`. Pages continue through the
//! `opc-next-page` response header.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

string_enum! {
    /// A model capability (SDK `ModelSummary.capabilities`).
    pub enum ModelCapability {
        /// `TEXT_GENERATION`.
        TextGeneration = "TEXT_GENERATION",
        /// `TEXT_SUMMARIZATION`.
        TextSummarization = "TEXT_SUMMARIZATION",
        /// `TEXT_EMBEDDINGS`.
        TextEmbeddings = "TEXT_EMBEDDINGS",
        /// `FINE_TUNE`.
        FineTune = "FINE_TUNE",
        /// `CHAT`.
        Chat = "CHAT",
        /// `TEXT_RERANK`.
        TextRerank = "TEXT_RERANK",
        /// `TEXT_TO_IMAGE`.
        TextToImage = "TEXT_TO_IMAGE",
        /// `IMAGE_TEXT_TO_IMAGE`.
        ImageTextToImage = "IMAGE_TEXT_TO_IMAGE",
        /// `IMAGE_TEXT_TO_TEXT`.
        ImageTextToText = "IMAGE_TEXT_TO_TEXT",
        /// `IMAGE_TEXT_TO_VIDEO`.
        ImageTextToVideo = "IMAGE_TEXT_TO_VIDEO",
        /// `IMAGE_TO_IMAGE`.
        ImageToImage = "IMAGE_TO_IMAGE",
        /// `REALTIME`.
        Realtime = "REALTIME",
        /// `AUDIO_TO_AUDIO`.
        AudioToAudio = "AUDIO_TO_AUDIO",
        /// `AUDIO_TO_TEXT`.
        AudioToText = "AUDIO_TO_TEXT",
        /// `TEXT_TO_AUDIO`.
        TextToAudio = "TEXT_TO_AUDIO",
        /// `TEXT_TO_VIDEO`.
        TextToVideo = "TEXT_TO_VIDEO",
        /// `AUDIO_TEXT_TO_TEXT`.
        AudioTextToText = "AUDIO_TEXT_TO_TEXT",
        /// `AUDIO_TRANSLATION`.
        AudioTranslation = "AUDIO_TRANSLATION",
        /// `VIDEO_TEXT_TO_TEXT`.
        VideoTextToText = "VIDEO_TEXT_TO_TEXT",
    }
}

string_enum! {
    /// `lifecycleState` of a model.
    #[derive(Default)]
    pub enum ModelLifecycleState {
        /// `ACTIVE`.
        #[default]
        Active = "ACTIVE",
        /// `CREATING`.
        Creating = "CREATING",
        /// `DELETING`.
        Deleting = "DELETING",
        /// `DELETED`.
        Deleted = "DELETED",
        /// `FAILED`.
        Failed = "FAILED",
    }
}

string_enum! {
    /// `type` of a model.
    #[derive(Default)]
    pub enum ModelType {
        /// `BASE`: a pretrained model.
        #[default]
        Base = "BASE",
        /// `CUSTOM`: a fine-tuned model.
        Custom = "CUSTOM",
    }
}

/// One page of `GET /20231130/models` (SDK `ModelCollection`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelCollection {
    /// `items` (required).
    pub items: Vec<ModelSummary>,
}

/// A model in the catalog (SDK `ModelSummary`). The list includes deprecated
/// and retired models: check `timeOnDemandRetired`. Timestamps are RFC 3339
/// strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSummary {
    /// `id` (required): the model OCID.
    pub id: String,
    /// `compartmentId`: required in the SDK, but `null` for the base model in
    /// the reference example, so kept optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compartment_id: Option<String>,
    /// `capabilities` (required).
    pub capabilities: Vec<ModelCapability>,
    /// `lifecycleState` (required).
    pub lifecycle_state: ModelLifecycleState,
    /// `lifecycleDetails`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_details: Option<String>,
    /// `displayName`: the model name (e.g. `meta.llama-3.3-70b-instruct`)
    /// for base models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// `vendor`: e.g. `meta`, `cohere`, `xai`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// `version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `timeCreated` (required).
    pub time_created: String,
    /// `baseModelId`: for custom models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_model_id: Option<String>,
    /// `type` (required).
    pub r#type: ModelType,
    /// `fineTuneDetails` (SDK `FineTuneDetails`), kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fine_tune_details: Option<Value>,
    /// `modelMetrics` (SDK `ModelMetrics`), kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_metrics: Option<Value>,
    /// `isLongTermSupported`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_long_term_supported: Option<bool>,
    /// `timeDeprecated`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_deprecated: Option<String>,
    /// `timeOnDemandRetired`: after this, on-demand calls fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_on_demand_retired: Option<String>,
    /// `timeDedicatedRetired`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_dedicated_retired: Option<String>,
    /// `freeformTags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freeform_tags: Option<BTreeMap<String, String>>,
    /// `definedTags`: namespace → key → value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defined_tags: Option<BTreeMap<String, Map<String, Value>>>,
    /// `systemTags`: namespace → key → value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_tags: Option<BTreeMap<String, Map<String, Value>>>,
}
