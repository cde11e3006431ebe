//! `ConfigFileProvider`: a config file on disk, its key and token files, end to end.

use std::path::{Path, PathBuf};
use std::time::Duration;

use oci_signer::config::{ConfigFile, Env};
use oci_signer::{
    ConfigError, ConfigFileProvider, ConfigWarning, KeyError, ProvideCredentials, SigningParams,
    sign,
};

use crate::support::{data_path, vector, vector_time};

/// A scratch directory removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("oci-signer-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Debug)]
struct TestEnv {
    home: PathBuf,
    region: Option<&'static str>,
}

impl Env for TestEnv {
    fn var(&self, name: &str) -> Option<String> {
        (name == "OCI_REGION")
            .then(|| self.region.map(str::to_owned))
            .flatten()
    }
    fn home_dir(&self) -> Option<PathBuf> {
        Some(self.home.clone())
    }
}

fn key(name: &str) -> String {
    data_path(name).display().to_string()
}

const FINGERPRINT: &str = "b9:0d:45:33:f8:6e:53:c6:6f:12:43:62:b1:ee:2d:86";

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    // The providers in this crate are always ready; a no-op waker is enough.
    let mut future = std::pin::pin!(future);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("provider future was not ready"),
    }
}

/// The config file drives the same signature as the SDK vector `genai-chat-post`.
#[test]
fn api_key_profile_signs_like_the_sdk() {
    let dir = Scratch::new("api-key");
    let config = dir.write(
        "config",
        &format!(
            "[DEFAULT]\ntenancy=ocid1.tenancy.oc1..aaaaaaaatesttenancy\nregion=us-chicago-1\npass_phrase=test-passphrase\n\n\
             [CHAT]\nuser=ocid1.user.oc1..aaaaaaaatestuser\nfingerprint={FINGERPRINT}\nkey_file={}\n",
            key("oci-test-key-2048.pkcs1-encrypted-aes128.pem")
        ),
    );
    let provider = ConfigFileProvider::load(&config, "CHAT").unwrap();
    assert_eq!(provider.region(), Some("us-chicago-1"));
    assert!(provider.warnings().is_empty());
    assert!(!provider.is_session_token());
    let credentials = block_on(provider.provide_credentials()).unwrap();

    let vector = vector("genai-chat-post");
    let request = vector.request.as_ref().unwrap();
    let body = request.body_bytes().unwrap();
    let signable = request.signable(Some(&body));
    let signed = sign(&signable, &SigningParams::new(&credentials, vector_time())).unwrap();
    assert_eq!(
        Some(signed.authorization()),
        vector.expected.authorization.as_deref()
    );
}

#[test]
fn session_token_profile_rereads_the_token_when_it_changes() {
    let dir = Scratch::new("session");
    let token = dir.write("token", "first-token\n");
    let config = dir.write(
        "config",
        &format!(
            "[SESSION]\ntenancy=ocid1.tenancy.oc1..t\nfingerprint={FINGERPRINT}\nkey_file={}\nsecurity_token_file={}\nregion=eu-frankfurt-1\n",
            key("oci-test-key-2048.pkcs8.pem"),
            token.display()
        ),
    );
    let provider = ConfigFileProvider::load(&config, "SESSION").unwrap();
    assert!(provider.is_session_token());
    let first = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(first.key_id().as_str(), "ST$first-token");
    assert!(!format!("{:?}", first.key_id()).contains("first-token"));

    // `oci session refresh` rewrites the file; a different length is enough to notice even on
    // file systems with coarse modification times.
    std::fs::write(&token, "second-longer-token").unwrap();
    let second = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(second.key_id().as_str(), "ST$second-longer-token");

    // Same length, same second: only `invalidate` (after a 401) forces a re-read.
    std::fs::write(&token, "third--longer-token").unwrap();
    let modified = std::fs::metadata(&token).unwrap().modified().unwrap();
    let file = std::fs::File::options().write(true).open(&token).unwrap();
    file.set_modified(modified - Duration::from_secs(0))
        .unwrap();
    provider.invalidate();
    let third = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(third.key_id().as_str(), "ST$third--longer-token");

    std::fs::remove_file(&token).unwrap();
    let error = block_on(provider.provide_credentials()).unwrap_err();
    let source = std::error::Error::source(&error).unwrap().to_string();
    assert!(source.contains("security_token_file"), "{source}");
}

/// `oci session authenticate` often writes `[DEFAULT]`; the API-key profiles beside it inherit
/// its `security_token_file` and must still sign with their API key, as the OCI CLI and Go SDK
/// do.
#[test]
fn a_profile_with_user_ignores_an_inherited_security_token_file() {
    let dir = Scratch::new("inherited-token");
    let token = dir.write("token", "session-token\n");
    let config = dir.write(
        "config",
        &format!(
            "[DEFAULT]\ntenancy=ocid1.tenancy.oc1..aaaaaaaatesttenancy\nfingerprint={FINGERPRINT}\nkey_file={}\nsecurity_token_file={}\nregion=us-chicago-1\n\n\
             [CHAT]\nuser=ocid1.user.oc1..aaaaaaaatestuser\n",
            key("oci-test-key-2048.pkcs1.pem"),
            token.display()
        ),
    );
    let provider = ConfigFileProvider::load(&config, "CHAT").unwrap();
    assert!(!provider.is_session_token());
    let credentials = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(
        credentials.key_id().as_str(),
        format!(
            "ocid1.tenancy.oc1..aaaaaaaatesttenancy/ocid1.user.oc1..aaaaaaaatestuser/{FINGERPRINT}"
        )
    );
    match provider.warnings() {
        [
            ConfigWarning::SecurityTokenFileIgnored {
                profile,
                token_file,
            },
        ] => {
            assert_eq!(profile, "CHAT");
            assert_eq!(token_file, &token);
        }
        other => panic!("{other:?}"),
    }

    // The session profile that owns the token file still uses it.
    let session = ConfigFileProvider::load(&config, "DEFAULT").unwrap();
    assert!(session.is_session_token());
    assert!(session.warnings().is_empty());
    let credentials = block_on(session.provide_credentials()).unwrap();
    assert_eq!(credentials.key_id().as_str(), "ST$session-token");
}

#[test]
fn a_profile_with_user_ignores_its_own_security_token_file() {
    let dir = Scratch::new("own-token");
    // Never read: a profile with `user` does not open its token file at all.
    let token = dir.0.join("absent-token");
    let config = dir.write(
        "config",
        &format!(
            "[P]\ntenancy=ocid1.tenancy.oc1..t\nuser=ocid1.user.oc1..u\nfingerprint={FINGERPRINT}\nkey_file={}\nsecurity_token_file={}\n",
            key("oci-test-key-2048.pkcs8.pem"),
            token.display()
        ),
    );
    let provider = ConfigFileProvider::load(&config, "P").unwrap();
    assert!(!provider.is_session_token());
    let credentials = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(
        credentials.key_id().as_str(),
        format!("ocid1.tenancy.oc1..t/ocid1.user.oc1..u/{FINGERPRINT}")
    );
    let [warning @ ConfigWarning::SecurityTokenFileIgnored { .. }] = provider.warnings() else {
        panic!("{:?}", provider.warnings());
    };
    let text = warning.to_string();
    assert!(
        text.contains("[P]") && text.contains("absent-token") && text.contains("API key"),
        "{text}"
    );
}

#[test]
fn fingerprint_mismatch_is_a_warning() {
    let dir = Scratch::new("mismatch");
    let config = dir.write(
        "config",
        &format!(
            "[P]\ntenancy=ocid1.tenancy.oc1..t\nuser=ocid1.user.oc1..u\nfingerprint=00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff\nkey_file={}\n",
            key("oci-test-key-2048.pkcs1.pem")
        ),
    );
    let provider = ConfigFileProvider::load(&config, "P").unwrap();
    match provider.warnings() {
        [
            ConfigWarning::FingerprintMismatch {
                configured, actual, ..
            },
        ] => {
            assert_eq!(
                configured,
                "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff"
            );
            assert_eq!(actual, FINGERPRINT);
        }
        other => panic!("{other:?}"),
    }
    // The key id keeps the configured fingerprint, as the SDKs do: it selects the public key
    // on the OCI side.
    let credentials = block_on(provider.provide_credentials()).unwrap();
    assert!(
        credentials
            .key_id()
            .as_str()
            .ends_with("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff")
    );
}

#[test]
fn relative_key_file_resolves_against_the_current_directory_and_tilde_against_home() {
    let dir = Scratch::new("paths");
    std::fs::create_dir_all(dir.0.join(".oci")).unwrap();
    std::fs::copy(
        data_path("oci-test-key-2048.pkcs1.pem"),
        dir.0.join(".oci/key.pem"),
    )
    .unwrap();
    let env = TestEnv {
        home: dir.0.clone(),
        region: Some("ap-osaka-1"),
    };
    let config = dir.write(
        "config",
        &format!("[P]\ntenancy=ocid1.tenancy.oc1..t\nuser=ocid1.user.oc1..u\nfingerprint={FINGERPRINT}\nkey_file=~/.oci/key.pem\n"),
    );
    let provider = ConfigFileProvider::load_with_env(&config, "P", &env).unwrap();
    assert_eq!(provider.region(), Some("ap-osaka-1"));
    assert_eq!(
        provider.profile().key_file.as_deref(),
        Some(dir.0.join(".oci/key.pem").as_path())
    );

    // Relative paths are not resolved against the config file's directory.
    let relative = dir.write(
        "relative",
        &format!("[P]\ntenancy=ocid1.tenancy.oc1..t\nuser=ocid1.user.oc1..u\nfingerprint={FINGERPRINT}\nkey_file=.oci/key.pem\n"),
    );
    match ConfigFileProvider::load_with_env(&relative, "P", &env) {
        Err(ConfigError::KeyFileNotFound { key_file, .. }) => {
            assert_eq!(key_file, Path::new(".oci/key.pem"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_failure_is_a_distinct_error_naming_what_is_at_fault() {
    let dir = Scratch::new("errors");
    let missing_config = dir.0.join("no-such-config");
    let error = ConfigFileProvider::load(&missing_config, "DEFAULT").unwrap_err();
    assert!(matches!(error, ConfigError::NotFound { ref path } if *path == missing_config));
    assert!(error.to_string().contains("no-such-config"));

    let base = format!(
        "tenancy=ocid1.tenancy.oc1..t\nuser=ocid1.user.oc1..u\nfingerprint={FINGERPRINT}\n"
    );
    let config = dir.write(
        "config",
        &format!(
            "[OK]\n{base}key_file={good}\n\
             [NOKEY]\n{base}\n\
             [MISSINGKEY]\n{base}key_file={missing}\n\
             [ENCRYPTED]\n{base}key_file={encrypted}\n\
             [WRONGPASS]\n{base}key_file={encrypted}\npass_phrase=nope\n\
             [PUBLIC]\n{base}key_file={public}\n\
             [EC]\n{base}key_file={ec}\n\
             [NOUSER]\ntenancy=ocid1.tenancy.oc1..t\nfingerprint={FINGERPRINT}\nkey_file={good}\n\
             [BADFP]\ntenancy=ocid1.tenancy.oc1..t\nuser=ocid1.user.oc1..u\nfingerprint=B9:0D\nkey_file={good}\n\
             [BADOCID]\ntenancy=my tenancy\nuser=ocid1.user.oc1..u\nfingerprint={FINGERPRINT}\nkey_file={good}\n\
             [DIRKEY]\n{base}key_file={dir}\n",
            good = key("oci-test-key-2048.pkcs1.pem"),
            missing = dir.0.join("absent.pem").display(),
            encrypted = key("oci-test-key-2048.pkcs8-encrypted.pem"),
            public = key("oci-test-key-2048.pub.pem"),
            ec = key("test-ec-p256.pkcs8.pem"),
            dir = dir.0.display(),
        ),
    );
    let load = |profile: &str| ConfigFileProvider::load(&config, profile);
    assert!(load("OK").is_ok());

    let error = load("ABSENT").unwrap_err();
    assert!(matches!(error, ConfigError::ProfileNotFound { .. }));
    assert!(
        error.to_string().contains("[ABSENT]") && error.to_string().contains("OK"),
        "{error}"
    );

    assert!(matches!(
        load("NOKEY"),
        Err(ConfigError::MissingField {
            field: "key_file",
            ..
        })
    ));
    let error = load("MISSINGKEY").unwrap_err();
    assert!(matches!(error, ConfigError::KeyFileNotFound { .. }));
    assert!(error.to_string().contains("absent.pem") && error.to_string().contains("[MISSINGKEY]"));
    assert!(matches!(
        load("DIRKEY"),
        Err(ConfigError::ReadKeyFile { .. })
    ));

    for (profile, check) in [
        (
            "ENCRYPTED",
            (|e: &KeyError| matches!(e, KeyError::PassphraseRequired)) as fn(&KeyError) -> bool,
        ),
        ("WRONGPASS", |e| matches!(e, KeyError::WrongPassphrase)),
        ("PUBLIC", |e| matches!(e, KeyError::PublicKeyGiven)),
        ("EC", |e| matches!(e, KeyError::NotRsa { .. })),
    ] {
        let error = load(profile).unwrap_err();
        let key_error = error
            .key_error()
            .unwrap_or_else(|| panic!("{profile}: {error:?}"));
        assert!(check(key_error), "{profile}: {key_error:?}");
        let text = error.to_string();
        assert!(
            text.contains(&format!("[{profile}]")) && text.contains(".pem"),
            "{text}"
        );
        // The pass phrase never appears in messages.
        assert!(!format!("{error:?}").contains("nope"));
    }
    assert!(matches!(
        load("NOUSER"),
        Err(ConfigError::MissingField { field: "user", .. })
    ));
    assert!(matches!(
        load("BADFP"),
        Err(ConfigError::MalformedField {
            field: "fingerprint",
            ..
        })
    ));
    assert!(matches!(
        load("BADOCID"),
        Err(ConfigError::MalformedField {
            field: "tenancy",
            ..
        })
    ));
}

#[test]
fn malformed_config_names_file_and_line() {
    let dir = Scratch::new("malformed");
    let config = dir.write(
        "config",
        "[DEFAULT]\nregion=us-ashburn-1\nthis line is wrong\n",
    );
    let error = ConfigFileProvider::load(&config, "DEFAULT").unwrap_err();
    match &error {
        ConfigError::Parse { line, path, .. } => {
            assert_eq!(*line, 3);
            assert_eq!(path, &config);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("line 3"));

    let binary = dir.0.join("binary");
    std::fs::write(&binary, b"[P]\nuser=\xff\xfe\n").unwrap();
    assert!(matches!(
        ConfigFileProvider::load(&binary, "P"),
        Err(ConfigError::Parse { line: 2, .. })
    ));
}

#[test]
fn default_config_path_follows_the_python_sdk() {
    use oci_signer::config::default_config_path;
    let dir = Scratch::new("default-path");
    #[derive(Debug)]
    struct PathEnv(PathBuf, Option<String>);
    impl Env for PathEnv {
        fn var(&self, name: &str) -> Option<String> {
            (name == "OCI_CONFIG_FILE")
                .then(|| self.1.clone())
                .flatten()
        }
        fn home_dir(&self) -> Option<PathBuf> {
            Some(self.0.clone())
        }
    }
    let home = dir.0.clone();
    // Nothing exists: ~/.oci/config, which then fails to load with NotFound.
    let env = PathEnv(home.clone(), None);
    assert_eq!(default_config_path(&env).unwrap(), home.join(".oci/config"));
    // OCI_CONFIG_FILE is used, unchecked, when ~/.oci/config is missing.
    let env = PathEnv(home.clone(), Some("/elsewhere/config".into()));
    assert_eq!(
        default_config_path(&env).unwrap(),
        PathBuf::from("/elsewhere/config")
    );
    // The legacy ~/.oraclebmc/config only without OCI_CONFIG_FILE.
    std::fs::create_dir_all(home.join(".oraclebmc")).unwrap();
    std::fs::write(home.join(".oraclebmc/config"), "[DEFAULT]\n").unwrap();
    assert_eq!(
        default_config_path(&PathEnv(home.clone(), None)).unwrap(),
        home.join(".oraclebmc/config")
    );
    // ~/.oci/config wins whenever it exists.
    std::fs::create_dir_all(home.join(".oci")).unwrap();
    std::fs::write(home.join(".oci/config"), "[DEFAULT]\n").unwrap();
    let env = PathEnv(home.clone(), Some("/elsewhere/config".into()));
    assert_eq!(default_config_path(&env).unwrap(), home.join(".oci/config"));
    let file = ConfigFile::load(default_config_path(&env).unwrap(), &env).unwrap();
    // An empty `[DEFAULT]` is still a profile that can be loaded by name.
    assert_eq!(file.profile_names(), ["DEFAULT"]);
}
