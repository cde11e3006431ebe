//! Model families: which backend serves a model, read from its id's vendor
//! prefix, and so which wire details its answers carry.

/// The backend family of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModelFamily {
    /// `meta.*`, and imported models of unknown vendors, which OCI serves
    /// the same way (vLLM).
    MetaLlama,
    /// `openai.*` commercial GPT models (GPT-4.1, GPT-5, o-series).
    OpenAiGpt,
    /// `openai.gpt-oss-*`: OpenAI's open-weight models, served by OCI.
    OpenAiGptOss,
    /// `xai.*`.
    XaiGrok,
    /// `google.*`.
    GoogleGemini,
    /// `cohere.*`: the COHERE and COHEREV2 formats.
    Cohere,
}

impl ModelFamily {
    /// The family of a model id such as `meta.llama-3.3-70b-instruct`.
    pub(crate) fn of(model_id: &str) -> Self {
        if model_id.starts_with("openai.gpt-oss") {
            Self::OpenAiGptOss
        } else if model_id.starts_with("openai.") {
            Self::OpenAiGpt
        } else if model_id.starts_with("xai.") {
            Self::XaiGrok
        } else if model_id.starts_with("google.") {
            Self::GoogleGemini
        } else if model_id.starts_with("cohere.") {
            Self::Cohere
        } else {
            Self::MetaLlama
        }
    }
}

/// Whether the model refuses `maxTokens` and wants `maxCompletionTokens`:
/// OpenAI's GPT-5 and o-series reasoning models.
pub(crate) fn refuses_max_tokens(model_id: &str) -> bool {
    ["openai.gpt-5", "openai.o1", "openai.o3", "openai.o4"]
        .iter()
        .any(|prefix| model_id.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_comes_from_the_vendor_prefix() {
        for (id, family) in [
            ("meta.llama-3.3-70b-instruct", ModelFamily::MetaLlama),
            ("openai.gpt-4.1", ModelFamily::OpenAiGpt),
            ("openai.gpt-oss-120b", ModelFamily::OpenAiGptOss),
            ("xai.grok-4", ModelFamily::XaiGrok),
            ("google.gemini-2.5-flash", ModelFamily::GoogleGemini),
            ("cohere.command-a-03-2025", ModelFamily::Cohere),
            ("mistral.imported-model", ModelFamily::MetaLlama),
        ] {
            assert_eq!(ModelFamily::of(id), family, "{id}");
        }
    }

    #[test]
    fn gpt5_and_o_series_refuse_max_tokens() {
        for id in [
            "openai.gpt-5",
            "openai.gpt-5-mini",
            "openai.gpt-5.2-chat-latest",
            "openai.o1",
            "openai.o3-mini",
            "openai.o4-mini",
        ] {
            assert!(refuses_max_tokens(id), "{id}");
        }
        for id in [
            "openai.gpt-4.1",
            "openai.gpt-oss-120b",
            "openai.gpt-4o",
            "meta.llama-3.3-70b-instruct",
        ] {
            assert!(!refuses_max_tokens(id), "{id}");
        }
    }
}
