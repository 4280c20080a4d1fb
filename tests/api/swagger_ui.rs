//! The Swagger UI in a real browser: headless Chromium, driven through
//! ChromeDriver (WebDriver), authorizes with the OAuth2 password flow and
//! runs `GET /api/v1/me`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).
//! Without them the test says so and passes on a developer's machine, but
//! fails under CI (`CI` set), where the browser must be there.

use crate::helpers::{PASSWORD, spawn_app};
use fantoccini::{ClientBuilder, Locator};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(30);

/// ChromeDriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

async fn start_driver() -> Option<Driver> {
    let installed = std::path::Path::new(CHROMEDRIVER).exists() && std::path::Path::new(CHROMIUM).exists();
    if !installed {
        let required = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(!required, "CI needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install -y chromium chromium-driver");
        eprintln!("skipping the browser test: install chromium and chromium-driver to run it");
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver { child, url: format!("http://127.0.0.1:{port}") };
    let status = format!("{}/status", driver.url);
    for _ in 0..100 {
        if reqwest::get(&status).await.is_ok_and(|r| r.status().is_success()) {
            return Some(driver);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not answer on {status}");
}

#[tokio::test]
async fn a_developer_authorizes_in_the_swagger_ui_and_calls_me() {
    let Some(driver) = start_driver().await else { return };
    let app = spawn_app().await;
    let user = app.create_user("officer", Some("0686")).await;
    let profile = std::env::temp_dir().join(format!("samverka-chromium-{}", uuid::Uuid::now_v7().simple()));

    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session");

    let outcome = async {
        // Each step names itself in the error, so that a failure says where it stopped.
        macro_rules! step {
            ($name:literal, $action:expr) => {
                $action.await.map_err(|e| format!("{}: {e}", $name))?
            };
        }
        let wait = || browser.wait().at_most(WAIT);
        step!("open the Swagger UI", browser.goto(&app.url("/swagger-ui/")));
        let authorize = step!("find Authorize", wait().for_element(Locator::Css("button.authorize")));
        step!("open the dialog", authorize.click());

        // The OAuth2 password flow's form in the authorization dialog.
        let username = step!("find the username field", wait().for_element(Locator::Id("oauth_username")));
        step!("type the username", username.send_keys(&user.email));
        let password = step!("find the password field", browser.find(Locator::Id("oauth_password")));
        step!("type the password", password.send_keys(PASSWORD));
        let oauth_form = "//div[contains(@class,'auth-container')][.//input[@id='oauth_username']]";
        let button = step!(
            "find the password flow's Authorize",
            browser.find(Locator::XPath(&format!("{oauth_form}//button[contains(@class,'authorize')]")))
        );
        step!("authorize", button.click());
        // Authorized: the dialog offers to log out.
        step!("be authorized", wait().for_element(Locator::XPath("//button[normalize-space()='Logout']")));
        let close = step!("find the dialog's close button", browser.find(Locator::Css("button.close-modal")));
        step!("close the dialog", close.click());

        // GET /api/v1/me: open it, try it out, execute.
        let me = "#operations-auth-getMe";
        let summary = step!("find GET /me", wait().for_element(Locator::Css(&format!("{me} .opblock-summary"))));
        step!("open GET /me", summary.click());
        let try_out = step!("find Try it out", wait().for_element(Locator::Css(&format!("{me} button.try-out__btn"))));
        step!("try it out", try_out.click());
        let execute = step!("find Execute", wait().for_element(Locator::Css(&format!("{me} button.execute"))));
        step!("execute", execute.click());
        let status = step!(
            "see the response",
            wait().for_element(Locator::Css(&format!("{me} .live-responses-table .response .response-col_status")))
        );
        let status = step!("read the status", status.text());
        let body = step!(
            "find the response body",
            browser.find(Locator::Css(&format!("{me} .live-responses-table .response-col_description pre")))
        );
        let body = step!("read the response body", body.text());
        Ok::<_, String>((status, body))
    }
    .await;
    if outcome.is_err() {
        // What the browser showed when it failed: a screenshot and the page's text.
        let shot = std::env::temp_dir().join("samverka-swagger-ui-failure.png");
        if let Ok(png) = browser.screenshot().await {
            std::fs::write(&shot, png).ok();
            eprintln!("screenshot of the failure: {}", shot.display());
        }
        if let Ok(source) = browser.source().await {
            eprintln!("page source (start): {}", source.chars().take(4000).collect::<String>());
        }
    }
    browser.close().await.ok();
    std::fs::remove_dir_all(&profile).ok();

    let (status, body) = outcome.expect("the Swagger UI flow");
    assert_eq!(status.trim(), "200", "GET /me in the Swagger UI; body: {body}");
    assert!(body.contains(&user.email), "the page shows the user's e-mail: {body}");
    assert!(body.contains("\"officer\""), "{body}");
}
