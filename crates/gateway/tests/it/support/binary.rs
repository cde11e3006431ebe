//! The built `oci-openai-gateway` binary as a child process, with an empty environment and
//! a temporary `HOME`, so nothing on the developer's machine (`~/.oci/config`, `OCI_*`,
//! `GATEWAY_*`) reaches it.

use std::net::SocketAddr;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::watch;

use super::oci_config::TempDir;
use super::{PATIENCE, within};

/// The binary with `args` and `env`, nothing else in its environment.
pub(crate) fn command(home: &TempDir, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_oci-openai-gateway"));
    command
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .kill_on_drop(true);
    command
}

/// What a run that ended left behind.
#[derive(Debug)]
pub(crate) struct Ended {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs the binary to its end (it must end within the test's patience).
pub(crate) async fn run(args: &[&str], env: &[(&str, &str)]) -> Ended {
    let home = TempDir::new();
    let output = within(
        &format!("oci-openai-gateway {args:?}"),
        command(&home, args, env).output(),
    )
    .await
    .unwrap();
    Ended {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A gateway binary that is serving.
#[derive(Debug)]
pub(crate) struct Running {
    pub(crate) addr: SocketAddr,
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    line_count: watch::Receiver<usize>,
    _home: TempDir,
}

impl Running {
    /// Starts the binary (which must listen on `127.0.0.1:0`) and waits for its "ready" log
    /// line, which names the address.
    pub(crate) async fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_at_home(TempDir::new(), args, env).await
    }

    /// [`Running::start`] with `home` as `HOME`.
    pub(crate) async fn start_at_home(home: TempDir, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = command(&home, args, env)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (count, line_count) = watch::channel(0);
        let collected = Arc::clone(&lines);
        tokio::spawn(async move {
            let mut reader = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                let mut lines = collected.lock().unwrap();
                lines.push(line);
                count.send_replace(lines.len());
            }
        });
        let mut running = Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            child,
            lines,
            line_count,
            _home: home,
        };
        let ready = running.wait_for_line("serving the OpenAI API on").await;
        let start = ready.find("http://").unwrap() + "http://".len();
        let end = start + ready[start..].find("/v1").unwrap();
        running.addr = ready[start..end].parse().unwrap();
        running
    }

    /// The process id.
    #[cfg(target_os = "linux")]
    pub(crate) fn pid(&self) -> u32 {
        self.child.id().expect("still running")
    }

    /// Every stderr line so far.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits for a stderr line containing `needle` and returns it.
    pub(crate) async fn wait_for_line(&mut self, needle: &str) -> String {
        let lines = Arc::clone(&self.lines);
        let found = |_: &usize| lines.lock().unwrap().iter().any(|l| l.contains(needle));
        let waited = tokio::time::timeout(PATIENCE, self.line_count.wait_for(found))
            .await
            .map(|result| result.is_ok());
        let all = self.lines();
        assert!(
            waited == Ok(true),
            "no stderr line with {needle:?}:\n{}",
            all.join("\n")
        );
        all.into_iter().find(|l| l.contains(needle)).unwrap()
    }

    /// Sends SIGTERM, as a service manager does.
    pub(crate) async fn terminate(&self) {
        let pid = self.child.id().expect("still running").to_string();
        let status = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .await
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit.
    pub(crate) async fn wait(&mut self) -> ExitStatus {
        within("the gateway process to exit", self.child.wait())
            .await
            .unwrap()
    }
}
