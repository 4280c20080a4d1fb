use crate::helpers::{PASSWORD, TEST_JWT_SECRET, assert_problem, error_fields, spawn_app, spawn_app_with};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

#[tokio::test]
async fn the_password_grant_answers_rfc_6749_tokens_that_open_me() {
    let app = spawn_app().await;
    let user = app.create_user("officer", Some("0685")).await;
    let response = app.login(&user.email, PASSWORD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().is_some_and(|t| t.len() >= 40));
    let token = body["access_token"].as_str().expect("token");

    let me = app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.expect("me");
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.expect("json");
    assert_eq!(me["email"], user.email.as_str());
    assert_eq!(me["role"], "officer");
    assert_eq!(me["municipality"], "0685");
    assert_eq!(me["id"], user.id.to_string());
}

#[tokio::test]
async fn the_token_endpoint_takes_json_too() {
    let app = spawn_app().await;
    let user = app.create_user("admin", None).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"grant_type": "password", "username": user.email.to_uppercase(), "password": PASSWORD}))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200, "e-mail is case-insensitive");
}

#[tokio::test]
async fn bad_grants_get_rfc_6749_errors() {
    let app = spawn_app().await;
    let user = app.create_user("company", None).await;
    type Form<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Form, u16, &str); 5] = [
        (
            &[("grant_type", "password"), ("username", &user.email), ("password", "wrong password!")],
            400,
            "invalid_grant",
        ),
        (
            &[("grant_type", "password"), ("username", "nobody@example.se"), ("password", PASSWORD)],
            400,
            "invalid_grant",
        ),
        (&[("grant_type", "password"), ("username", &user.email)], 400, "invalid_request"),
        (&[("grant_type", "authorization_code"), ("code", "x")], 400, "unsupported_grant_type"),
        (
            &[("grant_type", "client_credentials"), ("client_id", "nope"), ("client_secret", "nope")],
            401,
            "invalid_client",
        ),
    ];
    for (form, status, error) in cases {
        let response = app.client.post(app.url("/api/v1/auth/token")).form(form).send().await.expect("send");
        assert_eq!(response.status().as_u16(), status, "{form:?}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"], error, "{form:?}: {body}");
        assert!(body["error_description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_kills_its_family() {
    let app = spawn_app().await;
    let user = app.create_user("provider", None).await;
    let first: Value = app.login(&user.email, PASSWORD).await.json().await.expect("json");
    let refresh = |token: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/token"))
                .form(&[("grant_type", "refresh_token"), ("refresh_token", token.as_str())])
                .send()
                .await
                .expect("send")
        }
    };
    let old = first["refresh_token"].as_str().expect("refresh").to_owned();
    let second = refresh(old.clone()).await;
    assert_eq!(second.status(), 200);
    let second: Value = second.json().await.expect("json");
    let new = second["refresh_token"].as_str().expect("rotated").to_owned();
    assert_ne!(new, old);
    let me = app.client.get(app.url("/api/v1/me")).bearer_auth(second["access_token"].as_str().expect("t")).send();
    assert_eq!(me.await.expect("me").status(), 200);

    let reuse = refresh(old).await;
    assert_eq!(reuse.status(), 400);
    assert_eq!(reuse.json::<Value>().await.expect("json")["error"], "invalid_grant");
    let after = refresh(new).await;
    assert_eq!(after.status(), 400, "the whole family is revoked after reuse");

    // Another login starts a new family that still works.
    let other: Value = app.login(&user.email, PASSWORD).await.json().await.expect("json");
    assert_eq!(refresh(other["refresh_token"].as_str().expect("r").to_owned()).await.status(), 200);
}

#[tokio::test]
async fn client_credentials_give_an_integration_token() {
    let app = spawn_app().await;
    use samverka_domain::api_client::NewApiClient;
    let secret = "s3cret-of-the-integration-0123456789";
    let client = NewApiClient::parse("Vetlanda CRM", &["0685".to_owned()], &|_| true).expect("a valid client");
    let hash = samverka_http::auth::password::hash_blocking(secret).expect("hash");
    samverka_persistence::api_clients::create(&app.db, client, "vetlanda-crm".to_owned(), hash).await.expect("insert");
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .basic_auth("vetlanda-crm", Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert!(body.get("refresh_token").is_none(), "no refresh token for machines");
    let me: Value = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(body["access_token"].as_str().expect("t"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["role"], "integration");
    assert_eq!(me["kind"], "client");
    assert_eq!(me["municipalities"], json!(["0685"]));
}

fn claims(overrides: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({
        "iss": "samverka", "aud": "samverka-api", "sub": uuid::Uuid::now_v7().to_string(),
        "exp": now + 600, "iat": now, "nbf": now, "jti": "j", "typ": "access", "kind": "user", "role": "admin"
    });
    for (k, v) in overrides.as_object().expect("object") {
        if v.is_null() {
            claims.as_object_mut().expect("object").remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

fn sign(claims: &Value, secret: &str) -> String {
    encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes())).expect("encode")
}

#[tokio::test]
async fn forged_expired_and_misused_tokens_are_401() {
    let app = spawn_app().await;
    let (_, good) = app.token_for("admin").await;
    let now = chrono::Utc::now().timestamp();
    let valid_claims = claims(json!({}));
    assert_eq!(
        app.client
            .get(app.url("/api/v1/me"))
            .bearer_auth(sign(&valid_claims, TEST_JWT_SECRET))
            .send()
            .await
            .expect("s")
            .status(),
        401,
        "a well-signed token for a user that does not exist is refused too"
    );

    let parts: Vec<&str> = good.split('.').collect();
    let alg_none = format!("{}.{}.", URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#), parts[1]);
    let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
    payload["role"] = json!("admin");
    payload["sub"] = json!(uuid::Uuid::now_v7().to_string());
    let tampered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(payload.to_string()), parts[2]);
    let refresh: Value = {
        let user = app.create_user("admin", None).await;
        app.login(&user.email, PASSWORD).await.json().await.expect("json")
    };

    let cases: Vec<(&str, String)> = vec![
        ("alg none", alg_none),
        ("other key", sign(&valid_claims, "another-secret-another-secret-another-secret")),
        ("tampered payload", tampered),
        ("expired", sign(&claims(json!({"exp": now - 3600, "iat": now - 4000, "nbf": now - 4000})), TEST_JWT_SECRET)),
        ("not yet valid", sign(&claims(json!({"nbf": now + 3600})), TEST_JWT_SECRET)),
        ("no exp", sign(&claims(json!({"exp": null})), TEST_JWT_SECRET)),
        ("no nbf", sign(&claims(json!({"nbf": null})), TEST_JWT_SECRET)),
        ("no iat", sign(&claims(json!({"iat": null})), TEST_JWT_SECRET)),
        ("wrong iss", sign(&claims(json!({"iss": "evil"})), TEST_JWT_SECRET)),
        ("wrong aud", sign(&claims(json!({"aud": "other-api"})), TEST_JWT_SECRET)),
        ("refresh type", sign(&claims(json!({"typ": "refresh"})), TEST_JWT_SECRET)),
        ("refresh token as access token", refresh["refresh_token"].as_str().expect("r").to_owned()),
        ("garbage", "not.a.jwt".to_owned()),
        ("oversized", format!("{good}{}", "A".repeat(5000))),
    ];
    for (case, token) in cases {
        let response = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("send");
        assert_eq!(response.status(), 401, "{case}");
        assert!(
            response
                .headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("Bearer")),
            "{case}"
        );
        assert_problem(response, 401).await;
    }
    let ok = app.client.get(app.url("/api/v1/me")).bearer_auth(&good).send().await.expect("send");
    assert_eq!(ok.status(), 200, "the genuine token still works");
}

#[tokio::test]
async fn me_without_a_token_is_401_with_www_authenticate() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/me").await;
    assert_eq!(response.headers()["www-authenticate"], "Bearer realm=\"samverka\"");
    assert_problem(response, 401).await;
    let basic = app.client.get(app.url("/api/v1/me")).basic_auth("a", Some("b")).send().await.expect("send");
    assert_problem(basic, 401).await;
}

#[tokio::test]
async fn repeated_failed_logins_are_429_with_retry_after() {
    let app = spawn_app().await;
    let user = app.create_user("officer", None).await;
    for _ in 0..5 {
        assert_eq!(app.login(&user.email, "not the password").await.status(), 400);
    }
    let locked = app.login(&user.email, PASSWORD).await;
    let (headers, _) = assert_problem(locked, 429).await;
    let wait: u64 = headers["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=900).contains(&wait), "{wait}");
    let other = app.create_user("officer", None).await;
    assert_eq!(app.login(&other.email, PASSWORD).await.status(), 200, "other accounts are not locked");
}

#[tokio::test]
async fn the_first_admin_comes_from_the_environment() {
    let app = spawn_app_with(|c| {
        c.admin_email = Some("Projektledare@Eksjo.se".to_owned());
        c.admin_password = Some("a long admin password".to_owned());
    })
    .await;
    let response = app.login("projektledare@eksjo.se", "a long admin password").await;
    assert_eq!(response.status(), 200);
    let token = response.json::<Value>().await.expect("json")["access_token"].as_str().expect("t").to_owned();
    let me: Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.expect("me").json().await.expect("json");
    assert_eq!(me["role"], "admin");
}

#[tokio::test]
async fn json_bodies_fail_with_problems_naming_what_is_wrong() {
    let app = spawn_app().await;
    let (_, token) = app.token_for("officer").await;
    let post = |body: Vec<u8>, content_type: &'static str| {
        app.client
            .post(app.url("/api/v1/me/password"))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    assert_problem(post(b"currentPassword=x".to_vec(), "text/plain").await.expect("send"), 415).await;
    let (_, body) =
        assert_problem(post(b"{\"currentPassword\":".to_vec(), "application/json").await.expect("s"), 400).await;
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("malformed JSON")), "{body}");
    let wrong_type = br#"{"currentPassword": 5, "newPassword": "x"}"#.to_vec();
    let (_, body) = assert_problem(post(wrong_type, "application/json").await.expect("send"), 400).await;
    assert_eq!(error_fields(&body), ["currentPassword"]);
    let unknown = br#"{"currentPassword": "x", "newPassword": "y", "newPasword": "z"}"#.to_vec();
    let (_, body) = assert_problem(post(unknown, "application/json").await.expect("send"), 400).await;
    assert_eq!(error_fields(&body), ["newPasword"]);
    let huge = format!(r#"{{"currentPassword": "{}", "newPassword": "y"}}"#, "x".repeat(2 * 1024 * 1024)).into_bytes();
    assert_problem(post(huge, "application/json").await.expect("send"), 413).await;
    let short = json!({"currentPassword": PASSWORD, "newPassword": "short"}).to_string().into_bytes();
    let (_, body) = assert_problem(post(short, "application/json").await.expect("send"), 422).await;
    assert_eq!(error_fields(&body), ["newPassword"]);
}

#[tokio::test]
async fn a_changed_password_works_and_the_old_one_does_not() {
    let app = spawn_app().await;
    let user = app.create_user("company", None).await;
    let login: Value = app.login(&user.email, PASSWORD).await.json().await.expect("json");
    let token = login["access_token"].as_str().expect("t");
    let response = app
        .client
        .post(app.url("/api/v1/me/password"))
        .bearer_auth(token)
        .json(&json!({"currentPassword": PASSWORD, "newPassword": "a brand new passphrase"}))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 204);
    assert_eq!(app.login(&user.email, PASSWORD).await.status(), 400);
    assert_eq!(app.login(&user.email, "a brand new passphrase").await.status(), 200);
    let old_refresh = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", login["refresh_token"].as_str().expect("r"))])
        .send()
        .await
        .expect("send");
    assert_eq!(old_refresh.status(), 400, "refresh tokens die with the old password");
}
