//! The console's web UI as the real binary serves it over HTTPS: the page for the console's own
//! routes only, its assets with their content types and caching, and the console's security
//! headers (strict CSP, nosniff, no referrer, HSTS) on every response under `/console` — the
//! page, an asset, an unknown path's refusal — and on none of the devices' API.

use reqwest::Response;

use crate::harness::TestCentral;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

fn header<'a>(r: &'a Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn assert_console_headers(r: &Response) {
    assert_eq!(header(r, "content-security-policy"), CSP, "{}", r.url());
    assert_eq!(header(r, "x-content-type-options"), "nosniff");
    assert_eq!(header(r, "referrer-policy"), "no-referrer");
    assert!(header(r, "strict-transport-security").starts_with("max-age="));
    assert_eq!(header(r, "x-frame-options"), "DENY");
}

#[tokio::test]
async fn the_console_is_served_with_its_headers_and_assets() {
    let c = TestCentral::start();
    let get = |path: &str| c.client.get(format!("{}{path}", c.url)).send();

    let page = get("/console/").await.unwrap();
    assert_eq!(page.status(), 200);
    assert_console_headers(&page);
    assert_eq!(header(&page, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&page, "cache-control"), "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("id=\"console\""), "{html}");
    // Every script and stylesheet is a file of the console's own (no inline script, no CDN).
    assert!(
        !html.contains("<script>") && !html.contains("<style"),
        "{html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    let script = html
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    assert!(
        script.starts_with("/console/assets/") && script.ends_with(".js"),
        "{script}"
    );
    let css = html
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|h| h.ends_with(".css")))
        .unwrap()
        .to_owned();

    let js = get(&script).await.unwrap();
    assert_eq!(js.status(), 200);
    assert_console_headers(&js);
    assert_eq!(
        header(&js, "content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        header(&js, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let body = js.text().await.unwrap();
    assert!(body.len() > 10_000);
    let stylesheet = get(&css).await.unwrap();
    assert_eq!(
        header(&stylesheet, "content-type"),
        "text/css; charset=utf-8"
    );

    // The console's own routes get the page; anything else under /console/ is not found.
    for path in [
        "/console/operators",
        "/console/audit",
        "/console/setup",
        "/console/orders/0190f0f0-0000-7000-8000-0000000000aa",
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
    }
    for path in [
        "/console/nothing",
        "/console/orders/12",
        "/console/assets/missing.js",
        "/console/assets/.hidden",
        "/console/api/no-such-endpoint",
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
        assert_console_headers(&r);
        assert_eq!(header(&r, "cache-control"), "no-store", "{path}");
    }
    let r = c
        .client
        .post(format!("{}/console/", c.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_console_headers(&r);

    // The devices' API keeps its own answers.
    let r = get("/v1/openapi.json").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("content-security-policy").is_none());
}
