//! The gateway in this process: settings built from a [`Cli`] value (never from the
//! environment, so a developer's `OCI_*` or `GATEWAY_*` variables cannot change a test),
//! `backend::build`, and `server::serve` on `127.0.0.1:0`.

use std::net::SocketAddr;
use std::path::Path;

use gateway::{Cli, Settings};
use oci_genai_mock::{MockServer, test_identity};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::client::Client;
use super::oci_config::OciConfig;

/// A running gateway.
#[derive(Debug)]
pub(crate) struct Gateway {
    pub(crate) addr: SocketAddr,
    pub(crate) client: Client,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<usize>>,
    /// The embedded mock of `--mock`, kept alive with the gateway.
    _embedded: Option<MockServer>,
    /// The OCI config of "real" mode, removed with the gateway.
    _oci_config: Option<OciConfig>,
}

/// The command line of a gateway under test, built field by field.
pub(crate) fn cli() -> Cli {
    let mut cli = Cli::default();
    cli.listen = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    cli
}

/// The state of a `--mock` gateway with default settings, built but not serving.
pub(crate) async fn mock_backend() -> gateway::backend::Backend {
    let mut cli = cli();
    cli.mock = true;
    let settings = Settings::from_toml(&cli, "", Path::new("gateway.toml")).unwrap();
    gateway::backend::build(settings).await.unwrap()
}

impl Gateway {
    /// `--mock`: the embedded mock, default settings.
    pub(crate) async fn mock() -> Self {
        Self::mock_with(|_| {}).await
    }

    /// `--mock` with settings changed by `configure`.
    pub(crate) async fn mock_with(configure: impl FnOnce(&mut Cli)) -> Self {
        let mut cli = cli();
        cli.mock = true;
        configure(&mut cli);
        Self::start(cli, "", None).await
    }

    /// "Real" mode: OCI credentials from a config file (the mock's test key), every OCI
    /// endpoint at `upstream` (a [`MockServer`]'s URL, a tap in front of one, or a closed
    /// port).
    pub(crate) async fn real(upstream: &str) -> Self {
        Self::real_with(upstream, |_| {}).await
    }

    /// "Real" mode with settings changed by `configure`.
    pub(crate) async fn real_with(upstream: &str, configure: impl FnOnce(&mut Cli)) -> Self {
        let config = OciConfig::api_key("GATEWAY_TEST");
        let cli = real_cli(&config, upstream, configure);
        Self::start(cli, "", Some(config)).await
    }

    /// A gateway from a command line and TOML text.
    pub(crate) async fn start(cli: Cli, toml: &str, oci_config: Option<OciConfig>) -> Self {
        let settings = Settings::from_toml(&cli, toml, Path::new("gateway-test.toml"))
            .unwrap_or_else(|error| panic!("settings: {error}"));
        let backend = gateway::backend::build(settings)
            .await
            .unwrap_or_else(|error| panic!("backend: {error}"));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(gateway::server::serve(listener, backend.state, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            client: Client::new(addr),
            stop: Some(stop),
            server: Some(server),
            _embedded: backend.mock,
            _oci_config: oci_config,
        }
    }

    /// Signals shutdown (as SIGTERM would) and returns the handle of the serving task,
    /// whose output is the number of connections still open when the grace period ran out.
    pub(crate) fn begin_shutdown(&mut self) -> JoinHandle<usize> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.server.take().expect("serving")
    }

    /// The Prometheus text of `/metrics`.
    pub(crate) async fn metrics(&self) -> String {
        let reply = self.client.get("/metrics").await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.text()
    }

    /// The value of one metric line (`name{labels}` exactly as rendered), 0 when absent.
    pub(crate) async fn metric(&self, series: &str) -> f64 {
        metric_value(&self.metrics().await, series)
    }
}

/// The value of `series` in a Prometheus text exposition, 0 when absent.
pub(crate) fn metric_value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| {
            line.strip_prefix(series)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .map_or(0.0, |value| value.trim().parse().unwrap())
}

/// The command line of "real" mode against `upstream`.
pub(crate) fn real_cli(
    config: &OciConfig,
    upstream: &str,
    configure: impl FnOnce(&mut Cli),
) -> Cli {
    let mut cli = cli();
    cli.oci_config_file = Some(config.path.clone());
    cli.oci_profile = Some(config.profile.clone());
    cli.compartment_id = Some(test_identity::TEST_ONLY_COMPARTMENT.to_owned());
    cli.inference_endpoint = Some(upstream.to_owned());
    cli.control_plane_endpoint = Some(upstream.to_owned());
    configure(&mut cli);
    cli
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
