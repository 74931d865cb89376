//! `GET /`: the dashboard, one HTML page with its script and styles inline.
//!
//! The page holds no article text: its script fetches the JSON API and builds every element
//! that shows article text with `textContent`, so a title or sentence containing markup is
//! shown as text. The Content-Security-Policy backs this up: no external scripts, styles,
//! images or connections, so even a mistake in the script could not load anything from
//! elsewhere.

use axum::http::header;
use axum::response::IntoResponse;

const PAGE: &str = include_str!("dashboard.html");

/// The policy: the page's own inline script and style, JSON from this server only.
const CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
                   connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; \
                   frame-ancestors 'none'";

/// The page.
pub(crate) async fn page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        PAGE,
    )
}
