//! The models the mock serves: `data/models.json` plus any added by
//! configuration.

use std::collections::HashMap;

use oci_genai_client::wire::ModelCapability;
use serde::Deserialize;

use crate::error::MockError;
use crate::family::ModelFamily;

const BUILT_IN: &str = include_str!("../data/models.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    models: Vec<ModelRecord>,
}

/// One entry of `data/models.json` (its README describes the fields).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ModelRecord {
    name: String,
    vendor: String,
    version: String,
    capabilities: Vec<ModelCapability>,
    #[serde(default)]
    api_formats: Vec<String>,
    time_created: String,
    #[serde(default)]
    embedding_dimensions: Option<u32>,
    #[serde(default)]
    output_dimensions: Vec<u32>,
    #[serde(default)]
    is_long_term_supported: Option<bool>,
}

/// A model the mock serves.
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub(crate) name: String,
    /// A made-up but stable model OCID, accepted in place of the name.
    pub(crate) ocid: String,
    pub(crate) vendor: String,
    pub(crate) version: String,
    pub(crate) family: ModelFamily,
    pub(crate) capabilities: Vec<ModelCapability>,
    pub(crate) api_formats: Vec<String>,
    pub(crate) time_created: String,
    pub(crate) embedding_dimensions: Option<u32>,
    pub(crate) output_dimensions: Vec<u32>,
    pub(crate) is_long_term_supported: Option<bool>,
}

impl Model {
    fn from_record(record: ModelRecord) -> Self {
        Self {
            ocid: model_ocid(&record.name),
            family: ModelFamily::of(&record.name),
            name: record.name,
            vendor: record.vendor,
            version: record.version,
            capabilities: record.capabilities,
            api_formats: record.api_formats,
            time_created: record.time_created,
            embedding_dimensions: record.embedding_dimensions,
            output_dimensions: record.output_dimensions,
            is_long_term_supported: record.is_long_term_supported,
        }
    }

    /// A model added by id only: capabilities and formats are guessed from
    /// the id the way OCI names its models.
    fn from_id(id: &str) -> Self {
        let vendor = id.split_once('.').map_or(id, |(vendor, _)| vendor);
        let (capabilities, api_formats, embedding_dimensions) = if id.contains(".embed") {
            (
                vec![ModelCapability::TextEmbeddings],
                Vec::new(),
                Some(1024),
            )
        } else if id.contains(".rerank") {
            (vec![ModelCapability::TextRerank], Vec::new(), None)
        } else if vendor == "cohere" {
            (
                vec![ModelCapability::Chat],
                vec!["COHERE".into(), "COHEREV2".into()],
                None,
            )
        } else {
            (vec![ModelCapability::Chat], vec!["GENERIC".into()], None)
        };
        Self::from_record(ModelRecord {
            name: id.to_owned(),
            vendor: vendor.to_owned(),
            version: "1.0.0".to_owned(),
            capabilities,
            api_formats,
            time_created: "2026-01-01T00:00:00.000Z".to_owned(),
            embedding_dimensions,
            output_dimensions: Vec::new(),
            is_long_term_supported: None,
        })
    }

    pub(crate) fn can(&self, capability: &ModelCapability) -> bool {
        self.capabilities.contains(capability)
    }

    pub(crate) fn accepts_format(&self, api_format: &str) -> bool {
        self.api_formats.iter().any(|format| format == api_format)
    }
}

/// `ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaask7dceya…`, derived from
/// the name so that it is the same in every run.
fn model_ocid(name: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, name.as_bytes());
    let mut ocid = String::from("ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaask7dceya");
    for byte in &digest.as_ref()[..19] {
        // Base32-like lowercase letters and digits, as OCIDs use.
        ocid.push(char::from(
            b"abcdefghijklmnopqrstuvwxyz234567"[usize::from(byte & 31)],
        ));
        ocid.push(char::from(
            b"abcdefghijklmnopqrstuvwxyz234567"[usize::from(byte >> 3)],
        ));
    }
    ocid
}

/// The served models, found by name or OCID.
#[derive(Debug)]
pub(crate) struct Catalog {
    models: Vec<Model>,
    index: HashMap<String, usize>,
}

impl Catalog {
    /// The built-in catalog plus `extra` model ids.
    pub(crate) fn load(extra: &[String]) -> Result<Self, MockError> {
        let file: CatalogFile =
            serde_json::from_str(BUILT_IN).map_err(|error| MockError::Catalog(Box::new(error)))?;
        let mut catalog = Self {
            models: Vec::new(),
            index: HashMap::new(),
        };
        for model in file.models.into_iter().map(Model::from_record) {
            catalog.add(model);
        }
        for id in extra {
            if !catalog.index.contains_key(id.as_str()) {
                catalog.add(Model::from_id(id));
            }
        }
        Ok(catalog)
    }

    fn add(&mut self, model: Model) {
        let position = self.models.len();
        self.index.insert(model.name.clone(), position);
        self.index.insert(model.ocid.clone(), position);
        self.models.push(model);
    }

    /// The model with this name or OCID.
    pub(crate) fn get(&self, name_or_ocid: &str) -> Option<&Model> {
        self.index.get(name_or_ocid).map(|&i| &self.models[i])
    }

    /// Every model, in catalog order.
    pub(crate) fn models(&self) -> &[Model] {
        &self.models
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalog_has_the_models_clients_use() {
        let catalog = Catalog::load(&[]).unwrap();
        for name in [
            "openai.gpt-4.1",
            "openai.gpt-oss-120b",
            "meta.llama-3.3-70b-instruct",
            "cohere.command-a-03-2025",
            "cohere.command-r-plus-08-2024",
            "google.gemini-2.5-flash",
            "xai.grok-4",
            "cohere.embed-v4.0",
            "cohere.embed-english-v3.0",
        ] {
            assert!(catalog.get(name).is_some(), "{name}");
        }
        let llama = catalog.get("meta.llama-3.3-70b-instruct").unwrap();
        assert_eq!(llama.family, ModelFamily::MetaLlama);
        assert!(llama.accepts_format("GENERIC") && !llama.accepts_format("COHERE"));
        let vision = catalog.get("cohere.command-a-vision-07-2025").unwrap();
        assert!(vision.accepts_format("COHEREV2") && !vision.accepts_format("COHERE"));
        let embed = catalog.get("cohere.embed-v4.0").unwrap();
        assert!(embed.can(&ModelCapability::TextEmbeddings));
        assert_eq!(embed.embedding_dimensions, Some(1536));
    }

    #[test]
    fn models_are_found_by_ocid_too() {
        let catalog = Catalog::load(&[]).unwrap();
        let llama = catalog.get("meta.llama-3.3-70b-instruct").unwrap();
        assert!(llama.ocid.starts_with("ocid1.generativeaimodel.oc1."));
        assert_eq!(catalog.get(&llama.ocid).unwrap().name, llama.name);
        let ocids: std::collections::HashSet<_> =
            catalog.models().iter().map(|m| m.ocid.clone()).collect();
        assert_eq!(ocids.len(), catalog.models().len(), "OCIDs are unique");
    }

    #[test]
    fn extra_models_get_capabilities_from_their_id() {
        let extra = [
            "openai.o3",
            "cohere.embed-v5.0",
            "cohere.command-x",
            "meta.llama-3.3-70b-instruct",
        ]
        .map(String::from);
        let catalog = Catalog::load(&extra).unwrap();
        assert_eq!(
            catalog.get("openai.o3").unwrap().family,
            ModelFamily::OpenAiGpt
        );
        assert!(
            catalog
                .get("cohere.embed-v5.0")
                .unwrap()
                .can(&ModelCapability::TextEmbeddings)
        );
        assert!(
            catalog
                .get("cohere.command-x")
                .unwrap()
                .accepts_format("COHERE")
        );
        let count = |name: &str| catalog.models().iter().filter(|m| m.name == name).count();
        assert_eq!(count("meta.llama-3.3-70b-instruct"), 1, "no duplicates");
    }
}
