//! One request on one connection: send it, read the answer to its end, and note when the
//! first body byte and the end arrived.

use std::time::Instant;

use http_body_util::BodyExt as _;

use crate::connection::{Pool, Sender};
use crate::outcome::Failure;
use crate::request::RequestTemplate;

/// When the parts of an answer arrived.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arrival {
    /// The first non-empty body frame; `None` for an empty body.
    pub(crate) first_byte: Option<Instant>,
    /// The end of the body.
    pub(crate) end: Instant,
}

/// Sends a copy of `template` on `sender` and reads the whole answer. `on_first_byte` runs
/// once, as soon as the first body byte is in (stream runs use it to count open streams).
///
/// A non-2xx answer is read to its end too, so the connection stays usable, and is then
/// reported as [`Failure::Status`].
///
/// # Errors
///
/// The [`Failure`] that ended the request.
pub(crate) async fn exchange(
    sender: &mut Sender,
    template: &RequestTemplate,
    mut on_first_byte: impl FnMut(),
) -> Result<Arrival, Failure> {
    sender
        .ready()
        .await
        .map_err(|error| Failure::from_hyper(&error))?;
    let response = sender
        .send_request(template.request())
        .await
        .map_err(|error| Failure::from_hyper(&error))?;
    let status = response.status();
    let mut body = response.into_body();
    let mut first_byte = None;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| Failure::from_hyper(&error))?;
        if first_byte.is_none() && frame.data_ref().is_some_and(|data| !data.is_empty()) {
            first_byte = Some(Instant::now());
            on_first_byte();
        }
    }
    let end = Instant::now();
    if !status.is_success() {
        return Err(Failure::Status(status.as_u16()));
    }
    Ok(Arrival { first_byte, end })
}

/// [`exchange`] on a connection of `pool`. The connection goes back to the pool only after a
/// complete answer; a broken one, or one whose request was cancelled mid-way (a timeout drops
/// this future), is closed.
///
/// # Errors
///
/// The [`Failure`] that ended the request.
pub(crate) async fn pooled_exchange(
    pool: &Pool,
    template: &RequestTemplate,
    on_first_byte: impl FnMut(),
) -> Result<Arrival, Failure> {
    let mut lease = pool.checkout().await?;
    let result = exchange(&mut lease.sender, template, on_first_byte).await;
    if matches!(result, Ok(_) | Err(Failure::Status(_))) {
        pool.checkin(lease);
    }
    result
}
