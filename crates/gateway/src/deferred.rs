//! Work a request's answer does not wait for.
//!
//! Freeing a 44 KB agent request (its messages, its tool schemas, their OCI translation) and
//! formatting its log line take tens of microseconds. Done before the answer is written, they
//! add to the latency of every request; handed to the runtime, they run once the
//! connection's task yields, which is after the answer went to the socket.

/// Drops `value` on the runtime, after the current task yields; at once when there is no
/// runtime. A task the runtime never runs (at shutdown) still drops `value` when it is
/// dropped itself, so a `Drop` that must happen always does.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(async move { drop(value) });
        }
        Err(_) => drop(value),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    struct Counted(Arc<AtomicUsize>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn without_a_runtime_the_value_is_dropped_at_once() {
        let drops = Arc::new(AtomicUsize::new(0));
        drop_later(Counted(Arc::clone(&drops)));
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn on_a_runtime_the_value_is_dropped_when_the_task_yields() {
        let drops = Arc::new(AtomicUsize::new(0));
        drop_later(Counted(Arc::clone(&drops)));
        assert_eq!(
            drops.load(Ordering::SeqCst),
            0,
            "not before the task yields"
        );
        tokio::task::yield_now().await;
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_runtime_shut_down_first_still_drops_the_value() {
        let drops = Arc::new(AtomicUsize::new(0));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async { drop_later(Counted(Arc::clone(&drops))) });
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        drop(runtime);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }
}
