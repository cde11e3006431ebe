//! Per-request scripts: `[mock:NAME key=value …]` markers in the last user
//! message (the first input of an embedding request).
//!
//! Markers ride inside ordinary message text, so they pass unchanged through
//! any client library and the gateway, and a test can script each request on
//! its own. The crate docs list every marker.

use std::time::Duration;

use http::StatusCode;

const OPEN: &str = "[mock:";

/// The names of all markers, for error messages.
pub(crate) const KNOWN: &str =
    "tool, parallel, 401, 404, 429, 500, 503, cut, slow, malformed, echo, reasoning, length, long";

/// What the markers of one request ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Script {
    /// `[mock:tool]`: call the first offered tool, or the one named
    /// (`name=`).
    pub(crate) tool: Option<Option<String>>,
    /// `[mock:parallel]`: call every offered tool.
    pub(crate) parallel: bool,
    /// `[mock:401|429|500|503 …]`: fail with this status.
    pub(crate) status: Option<StatusScript>,
    /// `[mock:404]`: answer as for an unknown model.
    pub(crate) not_found: bool,
    /// `[mock:cut after=N]`: drop the connection after N events (or, for
    /// whole answers, half-way through the body).
    pub(crate) cut_after: Option<usize>,
    /// `[mock:slow ms=N]`: pause between events; `None` inside means the
    /// configured default.
    pub(crate) slow: Option<Option<Duration>>,
    /// `[mock:malformed]`: invalid JSON in the answer or in one event.
    pub(crate) malformed: bool,
    /// `[mock:echo]`: answer with the user's message itself.
    pub(crate) echo: bool,
    /// `[mock:reasoning]`: reason before answering.
    pub(crate) reasoning: bool,
    /// `[mock:length tokens=N]`: stop after N tokens, as if `maxTokens` ran out.
    pub(crate) length: Option<u32>,
    /// `[mock:long words=N]`: answer with N words.
    pub(crate) long: Option<u32>,
}

/// A scripted failure status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StatusScript {
    pub(crate) status: StatusCode,
    /// Fail only the first `times` attempts of the same request body;
    /// `None` fails every attempt.
    pub(crate) times: Option<u32>,
    /// `retry-after` seconds for 429; `None` means the configured default.
    pub(crate) retry_after: Option<u64>,
}

/// A marker the mock does not understand. Answered with 400 so that a typo
/// in a test script cannot pass silently.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MarkerError {
    /// No marker has this name.
    #[error("unknown marker [mock:{name}]")]
    UnknownMarker { name: String },
    /// The marker has no such parameter.
    #[error("marker [mock:{marker}] has no parameter {param:?}")]
    UnknownParameter { marker: String, param: String },
    /// The parameter needs a whole number.
    #[error("marker [mock:{marker}] needs a whole number for {param}, not {value:?}")]
    NotANumber {
        marker: String,
        param: String,
        value: String,
    },
    /// `[mock:` without `]`.
    #[error("a [mock: marker has no closing bracket")]
    Unterminated,
}

/// Reads every marker in `text`.
pub(crate) fn parse(text: &str) -> Result<Script, MarkerError> {
    let mut script = Script::default();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let end = after.find(']').ok_or(MarkerError::Unterminated)?;
        apply(&mut script, &after[..end])?;
        rest = &after[end + 1..];
    }
    Ok(script)
}

/// `text` without its markers, trimmed.
pub(crate) fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        match rest[start..].find(']') {
            Some(end) => rest = &rest[start + end + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.trim().to_owned()
}

struct Marker<'a> {
    name: &'a str,
    params: Vec<(&'a str, &'a str)>,
}

impl Marker<'_> {
    /// Fails on any parameter outside `allowed`.
    fn only(&self, allowed: &[&str]) -> Result<(), MarkerError> {
        match self.params.iter().find(|(key, _)| !allowed.contains(key)) {
            Some((key, _)) => Err(MarkerError::UnknownParameter {
                marker: self.name.to_owned(),
                param: (*key).to_owned(),
            }),
            None => Ok(()),
        }
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, value)| *value)
    }

    fn number(&self, key: &str) -> Result<Option<u64>, MarkerError> {
        match self.text(key) {
            None => Ok(None),
            Some(value) => value
                .parse()
                .map(Some)
                .map_err(|_| MarkerError::NotANumber {
                    marker: self.name.to_owned(),
                    param: key.to_owned(),
                    value: value.to_owned(),
                }),
        }
    }

    fn number_u32(&self, key: &str) -> Result<Option<u32>, MarkerError> {
        Ok(self
            .number(key)?
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX)))
    }
}

fn apply(script: &mut Script, inner: &str) -> Result<(), MarkerError> {
    let mut words = inner.split_whitespace();
    let name = words.next().unwrap_or("");
    let params = words
        .map(|word| word.split_once('=').unwrap_or((word, "")))
        .collect();
    let marker = Marker { name, params };
    match name {
        "tool" => {
            marker.only(&["name"])?;
            script.tool = Some(marker.text("name").map(str::to_owned));
        }
        "parallel" => {
            marker.only(&[])?;
            script.parallel = true;
        }
        "401" | "429" | "500" | "503" => {
            let allowed: &[&str] = if name == "429" {
                &["times", "retry-after"]
            } else {
                &["times"]
            };
            marker.only(allowed)?;
            let status = match name {
                "401" => StatusCode::UNAUTHORIZED,
                "429" => StatusCode::TOO_MANY_REQUESTS,
                "500" => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            };
            script.status = Some(StatusScript {
                status,
                times: marker.number_u32("times")?,
                retry_after: marker.number("retry-after")?,
            });
        }
        "404" => {
            marker.only(&[])?;
            script.not_found = true;
        }
        "cut" => {
            marker.only(&["after"])?;
            let after = marker.number("after")?.unwrap_or(3);
            script.cut_after = Some(usize::try_from(after).unwrap_or(usize::MAX));
        }
        "slow" => {
            marker.only(&["ms"])?;
            script.slow = Some(marker.number("ms")?.map(Duration::from_millis));
        }
        "malformed" => {
            marker.only(&[])?;
            script.malformed = true;
        }
        "echo" => {
            marker.only(&[])?;
            script.echo = true;
        }
        "reasoning" => {
            marker.only(&[])?;
            script.reasoning = true;
        }
        "length" => {
            marker.only(&["tokens"])?;
            script.length = Some(marker.number_u32("tokens")?.unwrap_or(3));
        }
        "long" => {
            marker.only(&["words"])?;
            // Bounded so that one request cannot make the mock build a huge answer.
            script.long = Some(marker.number_u32("words")?.unwrap_or(200).min(100_000));
        }
        other => {
            return Err(MarkerError::UnknownMarker {
                name: other.to_owned(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_marker_no_script() {
        assert_eq!(parse("What's the weather in Paris?"), Ok(Script::default()));
        assert_eq!(parse("[not a marker]"), Ok(Script::default()));
    }

    #[test]
    fn reads_every_marker_and_parameter() {
        let script = parse(
            "[mock:tool name=get_time] [mock:parallel][mock:429 retry-after=2 times=1] [mock:404] \
             [mock:cut after=5] [mock:slow ms=50] [mock:malformed] [mock:echo] [mock:reasoning] \
             [mock:length tokens=4] [mock:long words=20]",
        )
        .unwrap();
        assert_eq!(
            script,
            Script {
                tool: Some(Some("get_time".into())),
                parallel: true,
                status: Some(StatusScript {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    times: Some(1),
                    retry_after: Some(2),
                }),
                not_found: true,
                cut_after: Some(5),
                slow: Some(Some(Duration::from_millis(50))),
                malformed: true,
                echo: true,
                reasoning: true,
                length: Some(4),
                long: Some(20),
            }
        );
    }

    #[test]
    fn parameters_have_defaults() {
        let script =
            parse("[mock:tool] [mock:cut] [mock:slow] [mock:length] [mock:long] [mock:503]")
                .unwrap();
        assert_eq!(script.tool, Some(None));
        assert_eq!(script.cut_after, Some(3));
        assert_eq!(script.slow, Some(None));
        assert_eq!(script.length, Some(3));
        assert_eq!(script.long, Some(200));
        assert_eq!(
            script.status,
            Some(StatusScript {
                status: StatusCode::SERVICE_UNAVAILABLE,
                times: None,
                retry_after: None
            })
        );
        assert_eq!(
            parse("[mock:long words=999999999]").unwrap().long,
            Some(100_000)
        );
    }

    #[test]
    fn mistakes_are_errors() {
        assert_eq!(
            parse("[mock:tools]"),
            Err(MarkerError::UnknownMarker {
                name: "tools".into()
            })
        );
        assert_eq!(
            parse("[mock:503 retry-after=1]"),
            Err(MarkerError::UnknownParameter {
                marker: "503".into(),
                param: "retry-after".into()
            })
        );
        assert_eq!(
            parse("[mock:cut after=three]"),
            Err(MarkerError::NotANumber {
                marker: "cut".into(),
                param: "after".into(),
                value: "three".into()
            })
        );
        assert_eq!(parse("hello [mock:tool"), Err(MarkerError::Unterminated));
        assert_eq!(
            parse("[mock:]"),
            Err(MarkerError::UnknownMarker {
                name: String::new()
            })
        );
    }

    #[test]
    fn strip_removes_markers() {
        assert_eq!(
            strip("[mock:echo] Hello,  world [mock:slow ms=1]!"),
            "Hello,  world !"
        );
        assert_eq!(strip("[mock:tool]"), "");
        assert_eq!(strip("broken [mock:tool"), "broken");
    }
}
