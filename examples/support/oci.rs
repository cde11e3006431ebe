//! Where the `chat` and `chat_stream` examples send their request: OCI with a profile of an
//! OCI config file, a running `oci-genai-mock`, or a mock started in this process.

use std::error::Error;

use oci_genai_client::client::Client;
use oci_genai_client::wire::{
    ChatContent, ChatDetails, ChatRequest, GenericChatRequest, Message, ServingMode, StreamOptions,
    UserMessage,
};
use oci_genai_mock::{MockConfig, MockServer, test_identity};
use oci_signer::{ConfigFileProvider, Credentials, KeyId, PrivateKey};

/// The model asked by default: a GENERIC-format model OCI offers on demand in most regions.
pub(crate) const DEFAULT_MODEL: &str = "meta.llama-3.3-70b-instruct";

/// The command line, parsed.
#[derive(Debug, Default)]
pub(crate) struct Args {
    config: Option<String>,
    profile: Option<String>,
    compartment: Option<String>,
    region: Option<String>,
    mock_url: Option<String>,
    pub(crate) model: Option<String>,
    pub(crate) prompt: Option<String>,
}

impl Args {
    /// Parses `--flag value` pairs; `--help` returns the usage as the error.
    pub(crate) fn parse(usage: &str) -> Result<Self, String> {
        let mut args = Self::default();
        let mut iter = std::env::args().skip(1);
        while let Some(flag) = iter.next() {
            if flag == "--help" || flag == "-h" {
                return Err(usage.to_owned());
            }
            let value = iter
                .next()
                .ok_or_else(|| format!("{flag} needs a value\n{usage}"))?;
            let slot = match flag.as_str() {
                "--config" => &mut args.config,
                "--profile" => &mut args.profile,
                "--compartment" => &mut args.compartment,
                "--region" => &mut args.region,
                "--mock-url" => &mut args.mock_url,
                "--model" => &mut args.model,
                "--prompt" => &mut args.prompt,
                _ => return Err(format!("unknown flag {flag}\n{usage}")),
            };
            *slot = Some(value);
        }
        if args.config.is_some() && args.mock_url.is_some() {
            return Err(format!("give --config or --mock-url, not both\n{usage}"));
        }
        Ok(args)
    }
}

/// A client ready to call, the compartment to bill, and the in-process mock if one was started.
pub(crate) struct Backend {
    pub(crate) client: Client,
    pub(crate) compartment_id: String,
    pub(crate) description: String,
    mock: Option<MockServer>,
}

impl Backend {
    /// OCI with `--config` (and `--compartment`), else the mock at `--mock-url`, else a mock
    /// started here.
    pub(crate) async fn connect(args: &Args) -> Result<Self, Box<dyn Error>> {
        if let Some(path) = &args.config {
            let profile = args.profile.as_deref().unwrap_or("DEFAULT");
            let provider = ConfigFileProvider::load(path, profile)?;
            let compartment_id = args
                .compartment
                .clone()
                .ok_or("--compartment is required with --config")?;
            let region = args
                .region
                .clone()
                .or_else(|| provider.region().map(str::to_owned))
                .ok_or("the profile has no region: give --region")?;
            let client = Client::builder()
                .region(region.clone())
                .credentials(provider)
                .build()?;
            return Ok(Self {
                client,
                compartment_id,
                description: format!("OCI Generative AI in {region}, profile [{profile}]"),
                mock: None,
            });
        }
        let (url, mock) = match &args.mock_url {
            Some(url) => (url.clone(), None),
            None => {
                let mock = MockServer::start(MockConfig::default()).await?;
                (mock.url(), Some(mock))
            }
        };
        // The mock trusts its published test-only key (the binary with --trust-test-key).
        let key = PrivateKey::from_pem(test_identity::TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None)?;
        let key_id = KeyId::api_key(
            test_identity::TEST_ONLY_TENANCY,
            test_identity::TEST_ONLY_USER,
            test_identity::TEST_ONLY_FINGERPRINT,
        );
        let client = Client::builder()
            .base_url(url.clone())
            .credentials(Credentials::new(key_id, key))
            .build()?;
        let description = match mock {
            Some(_) => format!("the OCI Generative AI mock started in this process at {url}"),
            None => format!("the OCI Generative AI mock at {url}"),
        };
        Ok(Self {
            client,
            compartment_id: args
                .compartment
                .clone()
                .unwrap_or_else(|| test_identity::TEST_ONLY_COMPARTMENT.to_owned()),
            description,
            mock,
        })
    }

    /// Stops the in-process mock, if any.
    pub(crate) async fn shutdown(self) -> Result<(), Box<dyn Error>> {
        if let Some(mock) = self.mock {
            mock.shutdown().await?;
        }
        Ok(())
    }
}

/// One user message to a GENERIC-format model (Meta, OpenAI, xAI, Google), streamed or not.
pub(crate) fn chat_details(
    compartment_id: &str,
    model: &str,
    prompt: &str,
    stream: bool,
) -> ChatDetails {
    ChatDetails {
        compartment_id: compartment_id.to_owned(),
        serving_mode: ServingMode::on_demand(model),
        chat_request: ChatRequest::Generic(GenericChatRequest {
            messages: vec![Message::User(UserMessage {
                content: Some(vec![ChatContent::text(prompt)]),
                ..Default::default()
            })],
            max_tokens: Some(600),
            is_stream: stream.then_some(true),
            stream_options: stream.then_some(StreamOptions {
                is_include_usage: Some(true),
            }),
            ..Default::default()
        }),
    }
}
