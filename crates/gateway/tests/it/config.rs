//! Configuration layers as the gateway is built from them: flags over the TOML file over the
//! OCI profile (region), and the TOML examples of `docs/configuration.md` load as written.

use std::path::Path;

use gateway::{Cli, Settings};

use crate::support::gateway::{cli, mock_backend};
use crate::support::oci_config::OciConfig;

async fn inference_endpoint(cli: &Cli, toml: &str) -> String {
    let settings = Settings::from_toml(cli, toml, Path::new("gateway.toml")).unwrap();
    let backend = gateway::backend::build(settings).await.unwrap();
    backend
        .state
        .client
        .inference_endpoint()
        .as_str()
        .to_owned()
}

#[tokio::test]
async fn the_region_comes_from_the_flag_the_file_or_the_profile() {
    let config = OciConfig::api_key("DEFAULT");
    let mut cli = cli();
    cli.oci_config_file = Some(config.path.clone());
    cli.compartment_id = Some("ocid1.compartment.oc1..x".to_owned());

    let endpoint = inference_endpoint(&cli, "").await;
    assert!(
        endpoint.starts_with("https://inference.generativeai.us-chicago-1.oci.oraclecloud.com"),
        "the profile's region: {endpoint}"
    );
    let endpoint = inference_endpoint(&cli, "region = \"uk-london-1\"").await;
    assert!(
        endpoint.contains("uk-london-1"),
        "the file over the profile: {endpoint}"
    );
    cli.region = Some("eu-frankfurt-1".to_owned());
    let endpoint = inference_endpoint(&cli, "region = \"uk-london-1\"").await;
    assert!(
        endpoint.contains("eu-frankfurt-1"),
        "the flag over the file: {endpoint}"
    );
    cli.inference_endpoint = Some("http://127.0.0.1:9/".to_owned());
    let endpoint = inference_endpoint(&cli, "").await;
    assert!(
        endpoint.starts_with("http://127.0.0.1:9"),
        "an explicit endpoint: {endpoint}"
    );
}

#[tokio::test]
async fn mock_mode_needs_no_oci_config_nor_compartment() {
    let mut cli = cli();
    cli.mock = true;
    cli.oci_config_file = Some("/nonexistent/config".into());
    let settings = Settings::from_toml(&cli, "", Path::new("gateway.toml")).unwrap();
    let backend = gateway::backend::build(settings).await.unwrap();
    assert!(backend.mock.is_some());
    assert_eq!(
        backend.state.request_options.compartment_id,
        oci_genai_mock::test_identity::TEST_ONLY_COMPARTMENT
    );
}

/// Each worker remembers tool schemas in a memo of its own (kept in its own caches), with the
/// rest of the translation options as the shared state has them.
#[tokio::test]
async fn each_worker_has_a_schema_memo_of_its_own() {
    let backend = mock_backend().await;
    let workers = [
        backend.worker_state().unwrap(),
        backend.worker_state().unwrap(),
    ];
    let memo =
        |options: &translate::RequestOptions| options.schema_memo.clone().expect("a schema memo");
    let shared = &backend.state.request_options;
    assert!(!std::sync::Arc::ptr_eq(
        &memo(&workers[0].request_options),
        &memo(&workers[1].request_options)
    ));
    for worker in &workers {
        let options = &worker.request_options;
        assert!(!std::sync::Arc::ptr_eq(&memo(options), &memo(shared)));
        assert_eq!(options.compartment_id, shared.compartment_id);
        assert_eq!(
            options.always_request_stream_usage,
            shared.always_request_stream_usage
        );
    }
}

/// The TOML blocks of `docs/configuration.md`.
fn documented_toml() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/configuration.md");
    let text = std::fs::read_to_string(path).unwrap();
    text.split("```toml\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_documented_toml_examples_load() {
    let blocks = documented_toml();
    assert!(blocks.len() >= 2, "{blocks:?}");
    for block in blocks {
        let mut cli = cli();
        cli.mock = true;
        let settings = Settings::from_toml(&cli, &block, Path::new("configuration.md"))
            .unwrap_or_else(|error| panic!("{error}\n{block}"));
        gateway::backend::build(settings)
            .await
            .unwrap_or_else(|error| panic!("{error}\n{block}"));
    }
}
