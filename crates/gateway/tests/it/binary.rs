//! The built binary: `--help`, start-up failures (no credentials, a broken OCI config, no
//! compartment, a bad TOML file) that exit non-zero with a message saying what to fix, and
//! configuration from the environment, layered flags > environment > TOML file, and the
//! worker threads' CPU pinning.

use clap::CommandFactory as _;
use oci_genai_mock::{MockConfig, MockServer, test_identity};

use crate::support::binary::{Running, run};
use crate::support::oci_config::{OciConfig, TempDir};
use crate::support::requests::chat;
use crate::support::{Client, Reply};

fn assert_refused_to_start(ended: &crate::support::binary::Ended, needles: &[&str]) {
    assert!(!ended.status.success(), "{ended:?}");
    assert!(
        !ended.stderr.contains("serving the OpenAI API"),
        "never serves: {}",
        ended.stderr
    );
    for needle in needles {
        assert!(
            ended.stderr.contains(needle),
            "{needle:?} in:\n{}",
            ended.stderr
        );
    }
}

#[tokio::test]
async fn help_documents_every_flag() {
    let ended = run(&["--help"], &[]).await;
    assert!(ended.status.success());
    let help = ended.stdout;
    let command = gateway::Cli::command();
    let flags: Vec<_> = command
        .get_arguments()
        .filter_map(|arg| arg.get_long())
        .collect();
    assert!(flags.len() >= 25, "{flags:?}");
    for flag in flags {
        assert!(help.contains(&format!("--{flag}")), "--{flag} in:\n{help}");
    }
    for variable in [
        "OCI_CONFIG_FILE",
        "OCI_PROFILE",
        "OCI_COMPARTMENT_ID",
        "OCI_GENAI_ENDPOINT",
    ] {
        assert!(help.contains(variable), "{variable} in:\n{help}");
    }
    assert!(help.contains("docs/configuration.md"));
}

#[tokio::test]
async fn no_oci_config_at_all_names_the_file_and_mentions_mock() {
    let ended = run(&["--compartment-id", "ocid1.compartment.oc1..x"], &[]).await;
    assert_refused_to_start(
        &ended,
        &[".oci/config", "[DEFAULT]", "--mock", "OCI_CONFIG_FILE"],
    );
}

#[tokio::test]
async fn a_missing_config_file_given_by_env_is_named() {
    let ended = run(
        &[],
        &[
            ("OCI_CONFIG_FILE", "/nonexistent/oci/config"),
            ("OCI_PROFILE", "CHICAGO"),
            ("OCI_COMPARTMENT_ID", "ocid1.compartment.oc1..x"),
        ],
    )
    .await;
    assert_refused_to_start(&ended, &["/nonexistent/oci/config", "[CHICAGO]", "--mock"]);
}

#[tokio::test]
async fn a_broken_oci_config_names_what_is_wrong() {
    let config = OciConfig::api_key("DEFAULT");
    let path = config.path.to_str().unwrap();
    // A profile that is not there: the message lists those that are.
    let ended = run(
        &[
            "--oci-config-file",
            path,
            "--oci-profile",
            "FRANKFURT",
            "--compartment-id",
            "ocid1.compartment.oc1..x",
        ],
        &[],
    )
    .await;
    assert_refused_to_start(&ended, &["[FRANKFURT]", path, "DEFAULT", "--mock"]);

    // A key file that is gone.
    std::fs::remove_file(config.dir.path().join("test-only-key.pem")).unwrap();
    let ended = run(
        &[
            "--oci-config-file",
            path,
            "--compartment-id",
            "ocid1.compartment.oc1..x",
        ],
        &[],
    )
    .await;
    assert_refused_to_start(&ended, &["test-only-key.pem", "key file", "--mock"]);

    // A profile without its user.
    let dir = TempDir::new();
    let broken = dir.write("config", "[DEFAULT]\ntenancy=ocid1.tenancy.oc1..x\n");
    let ended = run(
        &[
            "--oci-config-file",
            broken.to_str().unwrap(),
            "--compartment-id",
            "ocid1.compartment.oc1..x",
        ],
        &[],
    )
    .await;
    assert_refused_to_start(&ended, &["key_file", "[DEFAULT]", "--mock"]);
}

#[tokio::test]
async fn the_compartment_is_required_without_mock() {
    let config = OciConfig::api_key("DEFAULT");
    let ended = run(&["--oci-config-file", config.path.to_str().unwrap()], &[]).await;
    assert_refused_to_start(&ended, &["compartment", "OCI_COMPARTMENT_ID", "--mock"]);
}

#[tokio::test]
async fn a_bad_toml_file_names_its_line() {
    let dir = TempDir::new();
    let file = dir.write(
        "gateway.toml",
        "listen = \"127.0.0.1:0\"\n\n[limits]\nmax_body_bytes = \"lots\"\n",
    );
    let ended = run(&["--mock", "--config", file.to_str().unwrap()], &[]).await;
    assert_refused_to_start(&ended, &["gateway.toml", "line 4"]);
    let file = dir.write(
        "typo.toml",
        "[upstream]\nretry_budget = \"5s\"\nrequest_timout = \"1s\"\n",
    );
    let ended = run(&["--mock", "--config", file.to_str().unwrap()], &[]).await;
    assert_refused_to_start(&ended, &["typo.toml", "line 3", "request_timout"]);
}

#[tokio::test]
async fn a_bad_flag_value_is_named() {
    let ended = run(&["--mock", "--request-timeout", "soon"], &[]).await;
    assert_refused_to_start(&ended, &["--request-timeout", "soon"]);
}

async fn completion_tokens(gateway: &Running) -> u64 {
    let reply: Reply = Client::new(gateway.addr)
        .chat(&chat("gpt-5", "Tell me a long story please"))
        .await;
    reply.ok()["usage"]["completion_tokens"].as_u64().unwrap()
}

/// `default_max_tokens` shows which layer won: the mock stops after that many tokens.
#[tokio::test]
async fn flags_beat_the_environment_which_beats_the_toml_file() {
    let dir = TempDir::new();
    let file = dir.write("gateway.toml", "default_max_tokens = 5\n");
    let file = file.to_str().unwrap();
    let base = ["--mock", "--listen", "127.0.0.1:0", "--config", file];
    let env = [("GATEWAY_DEFAULT_MAX_TOKENS", "4")];

    let gateway = Running::start(&base, &[]).await;
    assert_eq!(completion_tokens(&gateway).await, 5, "the file");
    let gateway = Running::start(&base, &env).await;
    assert_eq!(
        completion_tokens(&gateway).await,
        4,
        "the environment over the file"
    );
    let with_flag = [&base[..], &["--default-max-tokens", "3"]].concat();
    let gateway = Running::start(&with_flag, &env).await;
    assert_eq!(completion_tokens(&gateway).await, 3, "the flag over both");
}

/// Configured only through the environment, as a container would be, against a separate
/// OCI stand-in. `OCI_CONFIG_FILE` is used as given even when `~/.oci/config` exists.
#[tokio::test]
async fn the_environment_alone_configures_a_real_gateway() {
    let mock = MockServer::start(MockConfig::default()).await.unwrap();
    let config = OciConfig::api_key("TEAM");
    let url = mock.url();
    // A ~/.oci/config that would fail: the explicit OCI_CONFIG_FILE must win.
    let home = TempDir::new();
    std::fs::create_dir(home.path().join(".oci")).unwrap();
    home.write(".oci/config", "[DEFAULT]\nthis is not a config\n");
    let gateway = Running::start_at_home(
        home,
        &[],
        &[
            ("GATEWAY_LISTEN", "127.0.0.1:0"),
            ("OCI_CONFIG_FILE", config.path.to_str().unwrap()),
            ("OCI_PROFILE", "TEAM"),
            ("OCI_COMPARTMENT_ID", test_identity::TEST_ONLY_COMPARTMENT),
            ("OCI_GENAI_ENDPOINT", &url),
            ("OCI_GENAI_CONTROL_PLANE_ENDPOINT", &url),
            ("GATEWAY_API_KEYS", "sk-one,sk-two"),
        ],
    )
    .await;
    let client = Client::new(gateway.addr);
    let reply = client.chat(&chat("gpt-5", "hi")).await;
    reply.openai_error(401, "invalid_request_error", Some("invalid_api_key"));
    let reply = client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", "hi"),
            &[("authorization", "Bearer sk-two")],
        )
        .await;
    assert!(reply.ok()["choices"][0]["message"]["content"].is_string());
    assert_eq!(mock.requests(), 1);
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn workers_are_pinned_to_the_allowed_cpus_in_turn_or_left_alone() {
    use crate::support::threads::assert_worker_cpus;

    // The child inherits this process's affinity mask.
    let allowed = gateway::server::affinity::allowed_cpus().unwrap();
    if allowed.len() < 2 {
        eprintln!("skipped: with one CPU, pinned and unpinned workers look the same");
        return;
    }
    let start = |workers: usize, pin: Option<&'static str>| {
        let workers = workers.to_string();
        async move {
            let mut args = vec!["--mock", "--listen", "127.0.0.1:0", "--workers", &workers];
            args.extend(pin.map(|pin| ["--pin-workers", pin]).into_iter().flatten());
            Running::start(&args, &[]).await
        }
    };
    let pinned = |workers: usize| {
        (0..workers)
            .map(|index| (index, vec![allowed[index % allowed.len()]]))
            .collect()
    };
    let unpinned = |workers: usize| (0..workers).map(|index| (index, allowed.clone())).collect();
    let cpus = allowed.len();

    // By default, pinned when there is one worker per CPU, and only then.
    let mut gateway = start(cpus, None).await;
    assert_worker_cpus(gateway.pid(), &pinned(cpus)).await;
    let line = gateway.wait_for_line("serving the OpenAI API").await;
    assert!(line.contains(&format!("workers_to_pin={cpus}")), "{line}");
    let gateway = start(cpus + 1, None).await;
    assert_worker_cpus(gateway.pid(), &unpinned(cpus + 1)).await;

    // Asked for, pinned in turn whatever the count; turned off, left alone.
    let gateway = start(cpus + 1, Some("true")).await;
    assert_worker_cpus(gateway.pid(), &pinned(cpus + 1)).await;
    let gateway = start(cpus, Some("false")).await;
    assert_worker_cpus(gateway.pid(), &unpinned(cpus)).await;
}
