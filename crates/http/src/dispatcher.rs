//! The webhook dispatcher: a task inside the server that turns recorded
//! events into deliveries and sends them, one at a time per subscription
//! (in order), with retries under exponential back-off and jitter until the
//! retry horizon. It never runs inside the request that wrote the event.
//! Several servers on one PostgreSQL share the work: subscriptions are
//! locked with `SKIP LOCKED` while a dispatcher claims their next delivery,
//! and a claim is a lease that another dispatcher takes over once it runs
//! out (a server that died mid-send). After a restart, pending deliveries
//! resume where they were.

use crate::error::ApiError;
use crate::state::{AppState, WebhookSettings};
use chrono::{Duration, Utc};
use hmac::{Hmac, Mac};
use samverka_domain::events::{UrlRules, is_private};
use samverka_persistence::entities::event;
use samverka_persistence::webhooks::{self, Delivery, Outcome, Webhook};
use samverka_persistence::{begin, commit};
use sha2::Sha256;
use std::net::SocketAddr;

/// How long a claimed delivery is a dispatcher's before another may send it.
const LEASE_SECS: i64 = 60;
/// A receiver has this long to answer.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// The most of an answer kept.
const EXCERPT: usize = 1024;

/// Starts the dispatcher; it runs as long as the server.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        loop {
            match tick(&state).await {
                Ok(0) => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "webhook dispatcher");
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                }
            }
        }
    });
}

/// One round: new events fanned out, one due delivery per subscription
/// claimed and sent; how many were sent.
pub async fn tick(state: &AppState) -> Result<usize, ApiError> {
    if !webhooks::any_active(&state.db).await? {
        return Ok(0);
    }
    let txn = begin(&state.db).await?;
    let hooks = webhooks::due(&txn, 100).await?;
    let mut claimed = Vec::new();
    for hook in hooks {
        webhooks::fan_out(&txn, &hook).await?;
        if let Some((delivery, event)) = webhooks::claim(&txn, &hook, Duration::seconds(LEASE_SECS)).await? {
            claimed.push((hook, delivery, event));
        }
    }
    commit(txn).await?;
    let sent = claimed.len();
    let sends = claimed.into_iter().map(|(hook, delivery, event)| async move {
        let outcome = send(state, &hook, &delivery, &event).await;
        let retry_at = retry_at(&delivery, &outcome, state.webhooks);
        let txn = begin(&state.db).await?;
        webhooks::record_attempt(&txn, &delivery, &outcome, retry_at, state.webhooks.retry_for).await?;
        commit(txn).await?;
        Ok::<(), ApiError>(())
    });
    for result in futures_util::future::join_all(sends).await {
        result?;
    }
    Ok(sent)
}

/// When to try again after a failed attempt: the base wait (10 s), twice
/// that, four times, … up to an hour, each ±50 % at random; none once the
/// delivery would be older than the retry horizon (24 h).
fn retry_at(delivery: &Delivery, outcome: &Outcome, settings: WebhookSettings) -> Option<chrono::DateTime<Utc>> {
    if outcome.succeeded() {
        return None;
    }
    let base = settings.retry_base.num_milliseconds().max(1);
    let wait = base.saturating_mul(1 << delivery.attempts.clamp(0, 20)).min(3_600_000);
    let mut byte = [0u8; 1];
    let _ = getrandom::fill(&mut byte);
    let factor = 0.5 + f64::from(byte[0]) / 255.0;
    let at = Utc::now() + Duration::milliseconds((wait as f64 * factor) as i64);
    (at - delivery.created_at < settings.retry_for).then_some(at)
}

/// The body of a delivery: the event as the feed shows it.
pub fn payload(event: &event::Model) -> String {
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap_or(serde_json::Value::Null);
    serde_json::json!({"id": event.id, "type": event.kind, "occurredAt": event.occurred_at, "data": data}).to_string()
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
pub fn signature(secret: &[u8], t: i64, body: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(format!("{t}.{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

/// The addresses `url` may be called at under `rules`: those it resolves
/// to, none of them private (loopback allowed with plain-http development);
/// an error naming why not.
pub async fn reachable(url: &url::Url, rules: UrlRules) -> Result<Vec<SocketAddr>, String> {
    let host = url.host_str().ok_or("no host")?.trim_matches(['[', ']']).to_owned();
    let port = url.port_or_known_default().ok_or("no port")?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|_| format!("{host} cannot be resolved"))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("{host} cannot be resolved"));
    }
    let allowed = |a: &SocketAddr| {
        rules.allow_private || !is_private(a.ip()) || (rules.allow_http_loopback && a.ip().is_loopback())
    };
    if !addrs.iter().all(allowed) {
        return Err(format!("{host} resolves to a private or local address"));
    }
    Ok(addrs)
}

async fn send(state: &AppState, hook: &Webhook, delivery: &Delivery, event: &event::Model) -> Outcome {
    let started = std::time::Instant::now();
    let failed = |error: String| Outcome {
        status_code: None,
        duration_ms: started.elapsed().as_millis() as i32,
        error: Some(error),
        response_excerpt: None,
    };
    let Some(secret) = crate::routes::webhooks::open_secret(&state.seal, &hook.secret_sealed) else {
        return failed("the signing secret cannot be opened: the server secret changed".to_owned());
    };
    let Ok(url) = url::Url::parse(&hook.url) else { return failed("the URL is not valid".to_owned()) };
    let addrs = match reachable(&url, state.webhooks.rules).await {
        Ok(addrs) => addrs,
        Err(why) => return failed(why),
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    // Connect to the address just checked (no second look-up to rebind).
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&host, addrs[0])
        .build();
    let Ok(client) = client else { return failed("no HTTP client".to_owned()) };
    let body = payload(event);
    let t = Utc::now().timestamp();
    let response = client
        .post(url)
        .header("Content-Type", "application/json")
        .header("User-Agent", concat!("Samverka-Webhooks/", env!("CARGO_PKG_VERSION")))
        .header("Samverka-Signature", signature(&secret, t, &body))
        .header("Samverka-Event", event.kind.as_str())
        .header("Samverka-Delivery", delivery.id.to_string())
        .body(body)
        .send()
        .await;
    match response {
        Ok(mut response) => {
            let status = response.status().as_u16();
            let mut excerpt = Vec::new();
            while excerpt.len() < EXCERPT {
                match response.chunk().await {
                    Ok(Some(chunk)) => excerpt.extend_from_slice(&chunk[..chunk.len().min(EXCERPT - excerpt.len())]),
                    _ => break,
                }
            }
            Outcome {
                status_code: Some(status),
                duration_ms: started.elapsed().as_millis() as i32,
                error: None,
                response_excerpt: (!excerpt.is_empty()).then(|| String::from_utf8_lossy(&excerpt).into_owned()),
            }
        }
        Err(e) => failed(if e.is_timeout() { "no answer within 10 s".to_owned() } else { format!("{e}") }),
    }
}
