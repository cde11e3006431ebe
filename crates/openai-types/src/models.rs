//! Models: `GET /v1/models` and `GET /v1/models/{model}`.

use serde::{Deserialize, Serialize};

/// The answer to `GET /v1/models` (`"object": "list"`).
///
/// [Spec](https://platform.openai.com/docs/api-reference/models/list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListModelsResponse {
    /// Always `"list"`.
    pub object: String,
    /// The models.
    pub data: Vec<Model>,
}

impl ListModelsResponse {
    /// The `object` value of a model list.
    pub const OBJECT: &'static str = "list";

    /// A list of `models`.
    #[must_use]
    pub fn new(models: Vec<Model>) -> Self {
        Self {
            object: Self::OBJECT.to_owned(),
            data: models,
        }
    }
}

impl Default for ListModelsResponse {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl FromIterator<Model> for ListModelsResponse {
    fn from_iter<I: IntoIterator<Item = Model>>(models: I) -> Self {
        Self::new(models.into_iter().collect())
    }
}

/// One model (`"object": "model"`), also the answer to `GET /v1/models/{model}`.
///
/// [Spec](https://platform.openai.com/docs/api-reference/models/object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    /// The id clients pass as `model`.
    pub id: String,
    /// Always `"model"`.
    pub object: String,
    /// Unix time in seconds when the model was created.
    pub created: u64,
    /// The organisation that owns the model.
    pub owned_by: String,
}

impl Model {
    /// The `object` value of a model.
    pub const OBJECT: &'static str = "model";

    /// A model entry.
    pub fn new(id: impl Into<String>, created: u64, owned_by: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            object: Self::OBJECT.to_owned(),
            created,
            owned_by: owned_by.into(),
        }
    }
}

impl Default for Model {
    fn default() -> Self {
        Self::new(String::new(), 0, String::new())
    }
}
