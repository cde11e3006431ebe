//! Any bytes that parse as an OpenAI chat request, translated for one model of each format:
//! the translation must succeed or fail with an error, never panic, and what it builds must
//! serialize.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openai_types::chat::CreateChatCompletionRequest;
use translate::{RequestOptions, Target, chat_request};

const MODELS: &[&str] = &[
    "meta.llama-3.3-70b-instruct",
    "openai.gpt-5",
    "cohere.command-r-plus-08-2024",
    "cohere.command-a-vision-07-2025",
];

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<CreateChatCompletionRequest>(data) else {
        return;
    };
    let options = RequestOptions::new("ocid1.compartment.oc1..fuzz");
    for model in MODELS {
        if let Ok(translated) = chat_request(&request, &Target::oci(*model), &options) {
            assert!(serde_json::to_vec(&translated.value).is_ok());
        }
    }
});
