//! Temporary directories, and OCI config files whose key is the mock's test-only key, for
//! running the gateway the way it runs against OCI ("real" mode).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use oci_genai_mock::test_identity;

/// A directory removed when dropped.
#[derive(Debug)]
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "gateway-it-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `name` in the directory and returns its path.
    pub(crate) fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A session token (a JWT whose `exp` is in 2100) that the mock accepts with the test key.
/// Payload: `{"sub":"ocid1.user.oc1..x","exp":4102444800}`.
pub(crate) const SESSION_TOKEN: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvY2lkMS51c2VyLm9jMS4ueCIsImV4cCI6NDEwMjQ0NDgwMH0.c2ln";

/// An OCI config with one profile signing with the mock's test-only key.
#[derive(Debug)]
pub(crate) struct OciConfig {
    pub(crate) dir: TempDir,
    pub(crate) path: PathBuf,
    pub(crate) profile: String,
}

impl OciConfig {
    /// An API-key profile `profile` (with `region = us-chicago-1`).
    pub(crate) fn api_key(profile: &str) -> Self {
        let dir = TempDir::new();
        let key = dir.write(
            "test-only-key.pem",
            test_identity::TEST_ONLY_PRIVATE_KEY_PEM,
        );
        let text = format!(
            "[{profile}]\nuser={}\nfingerprint={}\ntenancy={}\nregion=us-chicago-1\nkey_file={}\n",
            test_identity::TEST_ONLY_USER,
            test_identity::TEST_ONLY_FINGERPRINT,
            test_identity::TEST_ONLY_TENANCY,
            key.display()
        );
        let path = dir.write("config", &text);
        Self {
            dir,
            path,
            profile: profile.to_owned(),
        }
    }

    /// A session-token profile `profile` whose token lives in `token` next to the config.
    pub(crate) fn session_token(profile: &str) -> Self {
        let dir = TempDir::new();
        let key = dir.write(
            "test-only-key.pem",
            test_identity::TEST_ONLY_PRIVATE_KEY_PEM,
        );
        let token = dir.write("token", SESSION_TOKEN);
        let text = format!(
            "[{profile}]\nfingerprint={}\ntenancy={}\nregion=us-chicago-1\nkey_file={}\nsecurity_token_file={}\n",
            test_identity::TEST_ONLY_FINGERPRINT,
            test_identity::TEST_ONLY_TENANCY,
            key.display(),
            token.display()
        );
        let path = dir.write("config", &text);
        Self {
            dir,
            path,
            profile: profile.to_owned(),
        }
    }

    /// The session token file of [`OciConfig::session_token`].
    pub(crate) fn token_file(&self) -> PathBuf {
        self.dir.path().join("token")
    }
}
