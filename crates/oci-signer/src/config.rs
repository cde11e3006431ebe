//! The OCI config file (`~/.oci/config`), read with the OCI Python SDK's semantics.
//!
//! The Python SDK reads the file with `configparser.ConfigParser(interpolation=None)`, and
//! this module follows it line for line:
//!
//! - `[NAME]` starts a profile; only the exact name `DEFAULT` is special: its values are
//!   inherited, field by field, by every other profile;
//! - keys are case-insensitive, `=` or `:` separates key and value, whitespace around both is
//!   trimmed, and a value may itself contain `=`;
//! - full-line comments start with `#` or `;`; inline comments are not stripped
//!   (`pass_phrase=abc ; x` is `abc ; x`);
//! - an indented line continues the previous value (joined with `\n`);
//! - a duplicate profile, a duplicate key in one profile, text before the first profile and a
//!   line that is none of the above are errors naming the line.
//!
//! Paths (`key_file`, `security_token_file`) have `~` expanded; a relative path is resolved
//! against the current directory, as both the Python and Go SDKs do.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::ConfigError;

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "DEFAULT";

/// Where the environment comes from: the process, or a fixed map in tests.
pub trait Env: fmt::Debug {
    /// An environment variable, or `None` when unset or not Unicode.
    fn var(&self, name: &str) -> Option<String>;
    /// The user's home directory, for `~` expansion.
    fn home_dir(&self) -> Option<PathBuf>;
}

/// The real process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn home_dir(&self) -> Option<PathBuf> {
        std::env::home_dir()
    }
}

/// Finds the config file the way the OCI Python SDK does when no path is given:
/// `~/.oci/config` if it exists; otherwise `OCI_CONFIG_FILE` when set (used as given, even if
/// it does not exist, so the error names it); otherwise `~/.oraclebmc/config` if it exists;
/// otherwise `~/.oci/config`, which then fails to load with [`ConfigError::NotFound`].
///
/// Programs that take a path from their user should pass that path to
/// [`ConfigFile::load`] instead of calling this.
///
/// # Errors
///
/// [`ConfigError::NoHomeDirectory`] when `~` cannot be expanded.
pub fn default_config_path(env: &dyn Env) -> Result<PathBuf, ConfigError> {
    let default = expand_tilde(Path::new("~/.oci/config"), env)?;
    if default.is_file() {
        return Ok(default);
    }
    if let Some(from_env) = env.var("OCI_CONFIG_FILE").filter(|v| !v.is_empty()) {
        return expand_tilde(Path::new(&from_env), env);
    }
    let legacy = expand_tilde(Path::new("~/.oraclebmc/config"), env)?;
    if legacy.is_file() {
        return Ok(legacy);
    }
    Ok(default)
}

/// Expands a leading `~` or `~/` to the home directory.
///
/// # Errors
///
/// [`ConfigError::NoHomeDirectory`] when the path starts with `~` and no home is known.
pub fn expand_tilde(path: &Path, env: &dyn Env) -> Result<PathBuf, ConfigError> {
    let Ok(rest) = path.strip_prefix("~") else {
        return Ok(path.to_path_buf());
    };
    let home = env.home_dir().ok_or_else(|| ConfigError::NoHomeDirectory {
        path: path.to_path_buf(),
    })?;
    Ok(home.join(rest))
}

#[derive(Debug, Clone)]
struct Value {
    text: String,
}

type Section = BTreeMap<String, Value>;

/// A parsed OCI config file: its profiles and their raw values.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    path: PathBuf,
    // Whether a `[DEFAULT]` header was seen: an empty one is still a profile that can be named.
    has_defaults_section: bool,
    defaults: Section,
    // Kept in file order, for error messages that list the profiles.
    sections: Vec<(String, Section)>,
}

impl ConfigFile {
    /// Reads and parses the config file at `path` (`~` expanded).
    ///
    /// # Errors
    ///
    /// [`ConfigError::NotFound`], [`ConfigError::Read`] or [`ConfigError::Parse`].
    pub fn load(path: impl AsRef<Path>, env: &dyn Env) -> Result<Self, ConfigError> {
        let path = expand_tilde(path.as_ref(), env)?;
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(ConfigError::NotFound { path });
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        let text = String::from_utf8(text).map_err(|error| ConfigError::Parse {
            line: line_of_offset(error.as_bytes(), error.utf8_error().valid_up_to()),
            path: path.clone(),
            reason: "the file is not UTF-8 text".into(),
        })?;
        Self::parse(&text, path)
    }

    /// Parses config text; `path` is used in messages and as the file's identity.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Parse`] naming the first bad line.
    pub fn parse(text: &str, path: impl Into<PathBuf>) -> Result<Self, ConfigError> {
        let path = path.into();
        let mut parser = Parser {
            path: &path,
            seen_defaults: false,
            defaults: Section::new(),
            sections: Vec::new(),
        };
        parser.run(text)?;
        let Parser {
            seen_defaults,
            defaults,
            sections,
            ..
        } = parser;
        Ok(Self {
            path,
            has_defaults_section: seen_defaults,
            defaults,
            sections,
        })
    }

    /// The file this was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The profile names in file order (`DEFAULT` is listed only if the file has a `[DEFAULT]`
    /// header, even an empty one).
    pub fn profile_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::with_capacity(self.sections.len() + 1);
        if self.has_defaults_section {
            names.push(DEFAULT_PROFILE.to_owned());
        }
        names.extend(self.sections.iter().map(|(name, _)| name.clone()));
        names
    }

    /// The resolved profile `name`: its own values over `[DEFAULT]`'s, paths expanded,
    /// `region` falling back to `OCI_REGION`.
    ///
    /// # Errors
    ///
    /// [`ConfigError::ProfileNotFound`] (for `DEFAULT` too, when the file has no `[DEFAULT]`
    /// section: the Python SDK would go on to report every field as missing, which hides the
    /// real mistake), [`ConfigError::KeyContentInFile`], [`ConfigError::NoHomeDirectory`].
    pub fn profile(&self, name: &str, env: &dyn Env) -> Result<Profile, ConfigError> {
        let not_found = || ConfigError::ProfileNotFound {
            path: self.path.clone(),
            profile: name.to_owned(),
            available: self.profile_names(),
        };
        let own = if name == DEFAULT_PROFILE {
            if !self.has_defaults_section {
                return Err(not_found());
            }
            None
        } else {
            Some(
                self.sections
                    .iter()
                    .find(|(section, _)| section == name)
                    .map(|(_, values)| values)
                    .ok_or_else(not_found)?,
            )
        };
        let mut values: BTreeMap<String, String> = self
            .defaults
            .iter()
            .map(|(key, value)| (key.clone(), value.text.clone()))
            .collect();
        if let Some(own) = own {
            values.extend(
                own.iter()
                    .map(|(key, value)| (key.clone(), value.text.clone())),
            );
        }
        if values.contains_key("key_content") {
            return Err(ConfigError::KeyContentInFile {
                path: self.path.clone(),
                profile: name.to_owned(),
            });
        }
        let path_value = |key: &str| -> Result<Option<PathBuf>, ConfigError> {
            values
                .get(key)
                .filter(|v| !v.is_empty())
                .map(|v| expand_tilde(Path::new(v), env))
                .transpose()
        };
        let text_value = |key: &str| values.get(key).filter(|v| !v.is_empty()).cloned();
        Ok(Profile {
            name: name.to_owned(),
            config_path: self.path.clone(),
            tenancy: text_value("tenancy"),
            user: text_value("user"),
            fingerprint: text_value("fingerprint"),
            key_file: path_value("key_file")?,
            security_token_file: path_value("security_token_file")?,
            region: text_value("region")
                .or_else(|| env.var("OCI_REGION").filter(|r| !r.is_empty())),
            // `passphrase` is the Go SDK's spelling; accept both.
            pass_phrase: text_value("pass_phrase")
                .or_else(|| text_value("passphrase"))
                .map(Passphrase),
            values,
        })
    }
}

/// One profile of a config file, with `[DEFAULT]` values merged in and paths expanded.
#[derive(Clone)]
#[non_exhaustive]
pub struct Profile {
    /// The profile name.
    pub name: String,
    /// The config file it came from.
    pub config_path: PathBuf,
    /// `tenancy`: the tenancy OCID.
    pub tenancy: Option<String>,
    /// `user`: the user OCID (absent in session-token profiles).
    pub user: Option<String>,
    /// `fingerprint`: the configured fingerprint of the API key.
    pub fingerprint: Option<String>,
    /// `key_file`, `~` expanded (relative paths resolve against the current directory).
    pub key_file: Option<PathBuf>,
    /// `security_token_file`, `~` expanded.
    pub security_token_file: Option<PathBuf>,
    /// `region`, else the `OCI_REGION` environment variable.
    pub region: Option<String>,
    /// `pass_phrase` for an encrypted key.
    pub pass_phrase: Option<Passphrase>,
    values: BTreeMap<String, String>,
}

impl Profile {
    /// Any value of the profile by its (lowercase) key, including keys this crate does not
    /// interpret.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("config_path", &self.config_path)
            .field("tenancy", &self.tenancy)
            .field("user", &self.user)
            .field("fingerprint", &self.fingerprint)
            .field("key_file", &self.key_file)
            .field("security_token_file", &self.security_token_file)
            .field("region", &self.region)
            .field("pass_phrase", &self.pass_phrase)
            .finish_non_exhaustive()
    }
}

/// A key pass phrase. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// Wraps a pass phrase.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The pass phrase bytes (UTF-8), as handed to key decryption.
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

struct Parser<'p> {
    path: &'p Path,
    seen_defaults: bool,
    defaults: Section,
    sections: Vec<(String, Section)>,
}

/// Which section the parser is filling.
#[derive(Clone, Copy)]
enum Current {
    None,
    Defaults,
    Section(usize),
}

impl Parser<'_> {
    fn error(&self, line: usize, reason: impl Into<String>) -> ConfigError {
        ConfigError::Parse {
            path: self.path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }

    fn section_mut(&mut self, current: Current) -> Option<&mut Section> {
        match current {
            Current::None => None,
            Current::Defaults => Some(&mut self.defaults),
            Current::Section(index) => self.sections.get_mut(index).map(|(_, values)| values),
        }
    }

    fn run(&mut self, text: &str) -> Result<(), ConfigError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut current = Current::None;
        // The key whose value an indented line continues, and the indent of its line.
        let mut open_key: Option<String> = None;
        let mut indent_level = usize::MAX;

        for (index, raw_line) in text.lines().enumerate() {
            let line_number = index + 1;
            let stripped = raw_line.trim();
            if stripped.starts_with('#') || stripped.starts_with(';') {
                continue;
            }
            if stripped.is_empty() {
                // configparser keeps empty lines inside a multi-line value (each adds a line
                // break); trailing ones are trimmed when the value is finished.
                if let Some(key) = &open_key
                    && let Some(section) = self.section_mut(current)
                    && let Some(value) = section.get_mut(key)
                {
                    value.text.push('\n');
                }
                continue;
            }
            let indent = raw_line.len() - raw_line.trim_start().len();
            if open_key.is_some() && indent > indent_level {
                if let Some(key) = &open_key
                    && let Some(section) = self.section_mut(current)
                    && let Some(value) = section.get_mut(key)
                {
                    value.text.push('\n');
                    value.text.push_str(stripped);
                }
                continue;
            }
            self.finish_value(current, open_key.take());
            indent_level = indent;

            if let Some(header) = section_header(stripped) {
                if header == DEFAULT_PROFILE {
                    if self.seen_defaults {
                        return Err(self.error(line_number, "duplicate profile [DEFAULT]"));
                    }
                    self.seen_defaults = true;
                    current = Current::Defaults;
                } else {
                    if self.sections.iter().any(|(name, _)| name == header) {
                        return Err(
                            self.error(line_number, format!("duplicate profile [{header}]"))
                        );
                    }
                    self.sections.push((header.to_owned(), Section::new()));
                    current = Current::Section(self.sections.len() - 1);
                }
                continue;
            }
            if matches!(current, Current::None) {
                return Err(self.error(line_number, "text before the first [profile] header"));
            }
            let Some(separator) = stripped.find(['=', ':']) else {
                return Err(self.error(
                    line_number,
                    "expected `key = value`, a [profile] header or a comment",
                ));
            };
            let key = stripped[..separator].trim_end().to_lowercase();
            if key.is_empty() {
                return Err(self.error(line_number, "a value without a key"));
            }
            let value = stripped[separator + 1..].trim().to_owned();
            let profile_name = match current {
                Current::Section(index) => self.sections[index].0.clone(),
                _ => DEFAULT_PROFILE.to_owned(),
            };
            let Some(section) = self.section_mut(current) else {
                return Err(self.error(line_number, "text before the first [profile] header"));
            };
            if section.contains_key(&key) {
                return Err(self.error(
                    line_number,
                    format!("duplicate key {key:?} in profile [{profile_name}]"),
                ));
            }
            section.insert(key.clone(), Value { text: value });
            open_key = Some(key);
        }
        self.finish_value(current, open_key.take());
        Ok(())
    }

    fn finish_value(&mut self, current: Current, key: Option<String>) {
        if let Some(key) = key
            && let Some(section) = self.section_mut(current)
            && let Some(value) = section.get_mut(&key)
        {
            let trimmed_len = value.text.trim_end().len();
            value.text.truncate(trimmed_len);
        }
    }
}

/// `[name]` as configparser matches it: `\[(?P<header>.+)\]` anchored at the start, greedy, so
/// the header runs to the last `]` and anything after it is ignored.
fn section_header(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    let header = &rest[..end];
    (!header.is_empty()).then_some(header)
}

fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default)]
    struct FakeEnv {
        vars: Vec<(&'static str, &'static str)>,
    }

    impl Env for FakeEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.vars
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
        fn home_dir(&self) -> Option<PathBuf> {
            Some(PathBuf::from("/home/alice"))
        }
    }

    fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
        ConfigFile::parse(text, "/test/config")
    }

    fn parse_error_line(text: &str) -> (usize, String) {
        match parse(text) {
            Err(ConfigError::Parse { line, reason, .. }) => (line, reason),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn profiles_inherit_default_per_field() {
        let file = parse(
            "[DEFAULT]\nuser=ocid1.user.oc1..default\ntenancy=ocid1.tenancy.oc1..t\nregion=us-ashburn-1\n\
             [ADMIN_USER]\nuser=ocid1.user.oc1..admin\nfingerprint=aa\nkey_file=keys/admin_key.pem\npass_phrase=pw\n",
        )
        .unwrap();
        let profile = file.profile("ADMIN_USER", &FakeEnv::default()).unwrap();
        assert_eq!(profile.user.as_deref(), Some("ocid1.user.oc1..admin"));
        assert_eq!(profile.tenancy.as_deref(), Some("ocid1.tenancy.oc1..t"));
        assert_eq!(profile.region.as_deref(), Some("us-ashburn-1"));
        assert_eq!(
            profile.key_file.as_deref(),
            Some(Path::new("keys/admin_key.pem"))
        );
        assert_eq!(profile.pass_phrase, Some(Passphrase::new("pw")));
        let default = file.profile("DEFAULT", &FakeEnv::default()).unwrap();
        assert_eq!(default.user.as_deref(), Some("ocid1.user.oc1..default"));
    }

    #[test]
    fn keys_are_case_insensitive_and_separators_flexible() {
        let file = parse("[P]\nFINGERPRINT : aa:bb\nPass_Phrase= a=b ; not a comment\n").unwrap();
        let profile = file.profile("P", &FakeEnv::default()).unwrap();
        assert_eq!(profile.fingerprint.as_deref(), Some("aa:bb"));
        assert_eq!(
            profile.pass_phrase,
            Some(Passphrase::new("a=b ; not a comment"))
        );
    }

    #[test]
    fn comments_blank_lines_and_continuations() {
        let file = parse(
            "# leading comment\n; another\n[P]\nkey_file = ~/.oci/key.pem\n  # indented comment\nnote = first\n  second\n\n  third\n\nregion=eu-frankfurt-1\n",
        )
        .unwrap();
        let profile = file.profile("P", &FakeEnv::default()).unwrap();
        assert_eq!(
            profile.key_file.as_deref(),
            Some(Path::new("/home/alice/.oci/key.pem"))
        );
        assert_eq!(profile.get("note"), Some("first\nsecond\n\nthird"));
        assert_eq!(profile.region.as_deref(), Some("eu-frankfurt-1"));
    }

    #[test]
    fn only_exact_default_is_special() {
        let file = parse("[default]\nregion=r1\n[P]\nuser=u\n").unwrap();
        let profile = file.profile("P", &FakeEnv::default()).unwrap();
        assert_eq!(profile.region, None);
        assert_eq!(file.profile_names(), ["default", "P"]);
    }

    #[test]
    fn region_falls_back_to_oci_region() {
        let file = parse("[P]\nuser=u\n").unwrap();
        let env = FakeEnv {
            vars: vec![("OCI_REGION", "us-chicago-1")],
        };
        assert_eq!(
            file.profile("P", &env).unwrap().region.as_deref(),
            Some("us-chicago-1")
        );
        let file = parse("[P]\nregion=uk-london-1\n").unwrap();
        assert_eq!(
            file.profile("P", &env).unwrap().region.as_deref(),
            Some("uk-london-1")
        );
    }

    #[test]
    fn malformed_lines_name_their_line() {
        assert_eq!(parse_error_line("user=u\n[P]\n").0, 1);
        let (line, reason) = parse_error_line("[P]\nuser=u\njust words\n");
        assert_eq!(line, 3);
        assert!(reason.contains("key = value"), "{reason}");
        let (line, reason) = parse_error_line("[P]\nuser=u\nUSER=v\n");
        assert_eq!(line, 3);
        assert!(reason.contains("duplicate key"), "{reason}");
        let (line, reason) = parse_error_line("[P]\n[Q]\n[P]\n");
        assert_eq!(line, 3);
        assert!(reason.contains("duplicate profile"), "{reason}");
        assert_eq!(parse_error_line("[P]\n= value\n").0, 2);
    }

    #[test]
    fn unknown_profile_lists_the_available_ones() {
        let file = parse("[DEFAULT]\nregion=r\n[A]\n[B]\n").unwrap();
        match file.profile("C", &FakeEnv::default()) {
            Err(ConfigError::ProfileNotFound {
                available, profile, ..
            }) => {
                assert_eq!(profile, "C");
                assert_eq!(available, ["DEFAULT", "A", "B"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn default_is_not_found_without_a_default_section() {
        let file = parse("[prod]\nuser=u\n").unwrap();
        match file.profile(DEFAULT_PROFILE, &FakeEnv::default()) {
            Err(ConfigError::ProfileNotFound {
                available, profile, ..
            }) => {
                assert_eq!(profile, "DEFAULT");
                assert_eq!(available, ["prod"]);
            }
            other => panic!("{other:?}"),
        }
        // An empty `[DEFAULT]` section is still a profile that can be named.
        let file = parse("[DEFAULT]\n[prod]\nuser=u\n").unwrap();
        assert_eq!(file.profile_names(), ["DEFAULT", "prod"]);
        let default = file.profile(DEFAULT_PROFILE, &FakeEnv::default()).unwrap();
        assert_eq!(default.user, None);
    }

    #[test]
    fn key_content_is_refused_in_files() {
        let file = parse("[P]\nkey_content=-----BEGIN\n").unwrap();
        assert!(matches!(
            file.profile("P", &FakeEnv::default()),
            Err(ConfigError::KeyContentInFile { .. })
        ));
    }

    #[test]
    fn section_header_runs_to_the_last_bracket() {
        assert_eq!(section_header("[a]"), Some("a"));
        assert_eq!(section_header("[a] trailing"), Some("a"));
        assert_eq!(section_header("[a]b]"), Some("a]b"));
        assert_eq!(section_header("[]"), None);
        assert_eq!(section_header("a]"), None);
    }

    #[test]
    fn passphrase_debug_is_redacted() {
        let file = parse("[P]\npass_phrase=hunter2\n").unwrap();
        let profile = file.profile("P", &FakeEnv::default()).unwrap();
        assert!(!format!("{profile:?}").contains("hunter2"));
    }
}
