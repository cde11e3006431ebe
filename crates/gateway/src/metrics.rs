//! Prometheus metrics, rendered in the text exposition format at `GET /metrics`.
//!
//! A handful of counters and histograms do not justify a metrics framework: counters are
//! atomics or short-locked maps keyed by a few labels whose values are bounded (routes, status
//! codes, configured models, error kinds).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Histogram bucket bounds in seconds: sub-millisecond gateway work up to long generations.
const BUCKETS: [f64; 17] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    60.0, 120.0,
];

/// A latency histogram with fixed buckets.
#[derive(Debug)]
struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_nanos: AtomicU64,
}

impl Histogram {
    fn new() -> Self {
        Self {
            buckets: std::array::from_fn(|_| AtomicU64::new(0)),
            count: AtomicU64::new(0),
            sum_nanos: AtomicU64::new(0),
        }
    }

    fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        if let Some(index) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            self.buckets[index].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += bucket.load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{bound}\"}} {cumulative}");
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels}le=\"+Inf\"}} {count}");
        let sum = self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{}}}", labels.trim_end_matches(','))
        };
        let _ = writeln!(out, "{name}_sum{braces} {sum}");
        let _ = writeln!(out, "{name}_count{braces} {count}");
    }
}

/// Which kind of request a metric is about; a closed set keeps label cardinality bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Route {
    /// `POST /v1/chat/completions`.
    ChatCompletions,
    /// `POST /v1/embeddings`.
    Embeddings,
    /// `GET /v1/models` and `GET /v1/models/{id}`.
    Models,
    /// Health, readiness and metrics.
    Operational,
    /// Anything else (404s).
    Other,
}

impl Route {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ChatCompletions => "chat_completions",
            Self::Embeddings => "embeddings",
            Self::Models => "models",
            Self::Operational => "operational",
            Self::Other => "other",
        }
    }

    const ALL: [Self; 5] = [
        Self::ChatCompletions,
        Self::Embeddings,
        Self::Models,
        Self::Operational,
        Self::Other,
    ];
}

/// Upstream operations timed separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpstreamOp {
    /// A non-streaming chat, until the whole answer.
    Chat,
    /// A streaming chat, until the response head (the stream's start).
    ChatStream,
    /// An embedText call.
    Embed,
    /// A model catalog listing.
    ListModels,
}

impl UpstreamOp {
    fn as_str(self) -> &'static str {
        match self {
            Self::Chat => "chat",
            Self::ChatStream => "chat_stream",
            Self::Embed => "embed_text",
            Self::ListModels => "list_models",
        }
    }

    const ALL: [Self; 4] = [Self::Chat, Self::ChatStream, Self::Embed, Self::ListModels];
}

/// The concurrency limit's slots (`max_concurrent_requests`) at the time of a scrape; the
/// limit itself, a semaphore, is the gateway state's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConcurrencySlots {
    /// Slots held: API requests being served, open streams included (a stream keeps its slot
    /// until it ends).
    pub in_use: usize,
    /// `max_concurrent_requests`.
    pub limit: usize,
}

impl ConcurrencySlots {
    /// The slots of a limit of `limit` with `available` of them free.
    pub fn new(limit: usize, available: usize) -> Self {
        Self {
            in_use: limit.saturating_sub(available),
            limit,
        }
    }
}

/// All metrics of one gateway.
#[derive(Debug)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(Route, u16), u64>>,
    request_seconds: [Histogram; Route::ALL.len()],
    upstream_seconds: [Histogram; UpstreamOp::ALL.len()],
    tokens: Mutex<BTreeMap<(String, &'static str), u64>>,
    errors: Mutex<BTreeMap<&'static str, u64>>,
    in_flight_requests: Arc<AtomicI64>,
    in_flight_streams: Arc<AtomicI64>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            requests: Mutex::new(BTreeMap::new()),
            request_seconds: std::array::from_fn(|_| Histogram::new()),
            upstream_seconds: std::array::from_fn(|_| Histogram::new()),
            tokens: Mutex::new(BTreeMap::new()),
            errors: Mutex::new(BTreeMap::new()),
            in_flight_requests: Arc::new(AtomicI64::new(0)),
            in_flight_streams: Arc::new(AtomicI64::new(0)),
        }
    }
}

fn route_index(route: Route) -> usize {
    Route::ALL.iter().position(|r| *r == route).unwrap_or(0)
}

fn op_index(op: UpstreamOp) -> usize {
    UpstreamOp::ALL.iter().position(|o| *o == op).unwrap_or(0)
}

impl Metrics {
    /// Counts a finished request and its latency (to the end of its response head for
    /// streams; stream lifetimes are not latencies).
    pub fn record_request(&self, route: Route, status: u16, elapsed: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry((route, status)).or_default() += 1;
        }
        self.request_seconds[route_index(route)].observe(elapsed);
    }

    /// Times an upstream call.
    pub fn record_upstream(&self, op: UpstreamOp, elapsed: Duration) {
        self.upstream_seconds[op_index(op)].observe(elapsed);
    }

    /// Counts tokens for a model.
    pub fn record_tokens(&self, model: &str, input: u64, output: u64) {
        if let Ok(mut tokens) = self.tokens.lock() {
            *tokens.entry((model.to_owned(), "input")).or_default() += input;
            *tokens.entry((model.to_owned(), "output")).or_default() += output;
        }
    }

    /// Counts an error by kind (a fixed set of names from [`crate::error`]).
    pub fn record_error(&self, kind: &'static str) {
        if let Ok(mut errors) = self.errors.lock() {
            *errors.entry(kind).or_default() += 1;
        }
    }

    /// A request started; the guard ends it.
    pub fn request_started(&self) -> InFlight {
        InFlight::start(&self.in_flight_requests)
    }

    /// A stream started; the guard (owned by the response body) ends it.
    pub fn stream_started(&self) -> InFlight {
        InFlight::start(&self.in_flight_streams)
    }

    /// Streams open now.
    pub fn in_flight_streams(&self) -> i64 {
        self.in_flight_streams.load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition, with the concurrency limit's `slots` as they are now.
    pub fn render(&self, slots: ConcurrencySlots) -> String {
        let mut out = String::with_capacity(8 * 1024);
        out.push_str("# HELP gateway_requests_total Requests served, by route and HTTP status.\n");
        out.push_str("# TYPE gateway_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((route, status), count) in requests.iter() {
                let _ = writeln!(
                    out,
                    "gateway_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                    route.as_str()
                );
            }
        }
        out.push_str(
            "# HELP gateway_request_duration_seconds Time to the response head, by route.\n",
        );
        out.push_str("# TYPE gateway_request_duration_seconds histogram\n");
        for route in Route::ALL {
            self.request_seconds[route_index(route)].render(
                &mut out,
                "gateway_request_duration_seconds",
                &format!("route=\"{}\",", route.as_str()),
            );
        }
        out.push_str("# HELP gateway_upstream_duration_seconds Time OCI took, by operation (streams: to the response head).\n");
        out.push_str("# TYPE gateway_upstream_duration_seconds histogram\n");
        for op in UpstreamOp::ALL {
            self.upstream_seconds[op_index(op)].render(
                &mut out,
                "gateway_upstream_duration_seconds",
                &format!("operation=\"{}\",", op.as_str()),
            );
        }
        out.push_str(
            "# HELP gateway_tokens_total Tokens reported by OCI, by client model and direction.\n",
        );
        out.push_str("# TYPE gateway_tokens_total counter\n");
        if let Ok(tokens) = self.tokens.lock() {
            for ((model, direction), count) in tokens.iter() {
                let _ = writeln!(
                    out,
                    "gateway_tokens_total{{model=\"{}\",direction=\"{direction}\"}} {count}",
                    escape_label(model)
                );
            }
        }
        out.push_str("# HELP gateway_errors_total Errors, by kind.\n");
        out.push_str("# TYPE gateway_errors_total counter\n");
        if let Ok(errors) = self.errors.lock() {
            for (kind, count) in errors.iter() {
                let _ = writeln!(out, "gateway_errors_total{{kind=\"{kind}\"}} {count}");
            }
        }
        out.push_str(
            "# HELP gateway_in_flight_requests API requests being served, until their response \
             head; open streams are counted by gateway_in_flight_streams and \
             gateway_concurrency_in_use.\n",
        );
        out.push_str("# TYPE gateway_in_flight_requests gauge\n");
        let _ = writeln!(
            out,
            "gateway_in_flight_requests {}",
            self.in_flight_requests.load(Ordering::Relaxed)
        );
        out.push_str("# HELP gateway_in_flight_streams Streamed responses being sent.\n");
        out.push_str("# TYPE gateway_in_flight_streams gauge\n");
        let _ = writeln!(
            out,
            "gateway_in_flight_streams {}",
            self.in_flight_streams.load(Ordering::Relaxed)
        );
        out.push_str(
            "# HELP gateway_concurrency_in_use Slots of max_concurrent_requests held: API \
             requests being served, open streams included.\n",
        );
        out.push_str("# TYPE gateway_concurrency_in_use gauge\n");
        let _ = writeln!(out, "gateway_concurrency_in_use {}", slots.in_use);
        out.push_str(
            "# HELP gateway_concurrency_limit max_concurrent_requests: requests past it get 503.\n",
        );
        out.push_str("# TYPE gateway_concurrency_limit gauge\n");
        let _ = writeln!(out, "gateway_concurrency_limit {}", slots.limit);
        out
    }
}

/// Decrements an in-flight gauge when dropped.
#[derive(Debug)]
pub struct InFlight(Arc<AtomicI64>);

impl InFlight {
    fn start(gauge: &Arc<AtomicI64>) -> Self {
        gauge.fetch_add(1, Ordering::Relaxed);
        Self(Arc::clone(gauge))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_gauges() {
        let metrics = Metrics::default();
        metrics.record_request(Route::ChatCompletions, 200, Duration::from_millis(3));
        metrics.record_request(Route::ChatCompletions, 200, Duration::from_secs(200));
        metrics.record_request(Route::Models, 404, Duration::from_micros(100));
        metrics.record_upstream(UpstreamOp::Chat, Duration::from_millis(40));
        metrics.record_tokens("gpt-5", 10, 3);
        metrics.record_tokens("gpt-5", 5, 2);
        metrics.record_error("upstream_timeout");
        let stream = metrics.stream_started();
        let text = metrics.render(ConcurrencySlots::new(8, 5));
        assert!(
            text.contains("gateway_requests_total{route=\"chat_completions\",status=\"200\"} 2")
        );
        assert!(text.contains("gateway_requests_total{route=\"models\",status=\"404\"} 1"));
        assert!(text.contains(
            "gateway_request_duration_seconds_bucket{route=\"chat_completions\",le=\"0.005\"} 1"
        ));
        assert!(text.contains(
            "gateway_request_duration_seconds_bucket{route=\"chat_completions\",le=\"+Inf\"} 2"
        ));
        assert!(
            text.contains("gateway_request_duration_seconds_count{route=\"chat_completions\"} 2")
        );
        assert!(text.contains("gateway_upstream_duration_seconds_count{operation=\"chat\"} 1"));
        assert!(text.contains("gateway_tokens_total{model=\"gpt-5\",direction=\"input\"} 15"));
        assert!(text.contains("gateway_tokens_total{model=\"gpt-5\",direction=\"output\"} 5"));
        assert!(text.contains("gateway_errors_total{kind=\"upstream_timeout\"} 1"));
        assert!(text.contains("gateway_in_flight_streams 1"));
        assert!(text.contains("gateway_concurrency_in_use 3\n"));
        assert!(text.contains("gateway_concurrency_limit 8\n"));
        drop(stream);
        assert!(
            metrics
                .render(ConcurrencySlots::new(8, 8))
                .contains("gateway_in_flight_streams 0")
        );
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label("a\"b\\c\n"), "a\\\"b\\\\c\\n");
    }
}
