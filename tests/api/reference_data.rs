use crate::helpers::{assert_problem, error_fields, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn the_five_municipalities_are_seeded_with_county_and_partner_flag() {
    let app = spawn_app().await;
    let body: Value = app.get("/api/v1/municipalities?limit=500").await.json().await.expect("json");
    let items = body["items"].as_array().expect("items");
    let rows: Vec<(&str, &str, &str, bool)> = items
        .iter()
        .map(|m| {
            (
                m["code"].as_str().unwrap_or_default(),
                m["name"].as_str().unwrap_or_default(),
                m["county"].as_str().unwrap_or_default(),
                m["partner"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("0604", "Aneby", "Jönköpings län", true),
            ("0684", "Sävsjö", "Jönköpings län", true),
            ("0685", "Vetlanda", "Jönköpings län", true),
            ("0686", "Eksjö", "Jönköpings län", true),
            ("0780", "Växjö", "Kronobergs län", false),
        ]
    );
    assert_eq!(body["nextCursor"], Value::Null);
    assert_eq!(items[0]["version"], 1);
    assert_eq!(items[0]["createdAt"], "2026-01-01T00:00:00Z");
}

#[tokio::test]
async fn pages_follow_the_cursor_and_the_link_header_to_the_end() {
    let app = spawn_app().await;
    let mut next = Some("/api/v1/municipalities?limit=2".to_owned());
    let mut codes = Vec::new();
    let mut pages = 0;
    while let Some(path) = next.take() {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200);
        let link = response.headers().get("link").map(|v| v.to_str().expect("ascii").to_owned());
        let body: Value = response.json().await.expect("json");
        codes.extend(
            body["items"].as_array().expect("items").iter().map(|m| m["code"].as_str().unwrap_or("").to_owned()),
        );
        match (body["nextCursor"].as_str(), link) {
            (Some(cursor), Some(link)) => {
                assert!(link.ends_with("rel=\"next\""), "{link}");
                let target = link.trim_start_matches('<').split('>').next().expect("target").to_owned();
                assert!(target.contains(&format!("cursor={cursor}")) && target.contains("limit=2"), "{target}");
                next = Some(target);
            }
            (None, None) => {}
            other => panic!("cursor and Link disagree: {other:?}"),
        }
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(codes, ["0604", "0684", "0685", "0686", "0780"]);
}

#[tokio::test]
async fn bad_paging_parameters_are_400_naming_the_parameter() {
    let app = spawn_app().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=ten", "limit"),
        ("cursor=garbage!", "cursor"),
        ("limti=5", "limti"),
    ] {
        let (_, body) = assert_problem(app.get(&format!("/api/v1/municipalities?{query}")).await, 400).await;
        assert_eq!(error_fields(&body), vec![field.to_owned()], "{query}: {body}");
    }
}

#[tokio::test]
async fn one_municipality_has_a_strong_etag_and_304_on_if_none_match() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/municipalities/0686").await;
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().expect("ascii").to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["name"], "Eksjö");

    let again = app
        .client
        .get(app.url("/api/v1/municipalities/0686"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("send");
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().expect("ascii"), etag);
    let other = app.client.get(app.url("/api/v1/municipalities/0686")).header("If-None-Match", "\"x\"").send().await;
    assert_eq!(other.expect("send").status(), 200);
}

#[tokio::test]
async fn an_unknown_municipality_is_404_and_a_malformed_code_400() {
    let app = spawn_app().await;
    let (_, body) = assert_problem(app.get("/api/v1/municipalities/0999").await, 404).await;
    assert_eq!(body["instance"], "/api/v1/municipalities/0999");
    let (_, body) = assert_problem(app.get("/api/v1/municipalities/eksjo").await, 400).await;
    assert_eq!(error_fields(&body), ["code"]);
}

#[tokio::test]
async fn competence_areas_are_labelled_in_the_asked_language() {
    let app = spawn_app().await;
    let body: Value = app.get("/api/v1/competence-areas?limit=500").await.json().await.expect("json");
    let items = body["items"].as_array().expect("items");
    assert!(items.len() >= 10, "at least the ten areas of PRODUCT.md");
    for slug in [
        "gender-equality",
        "recruitment",
        "staff-retention",
        "leadership",
        "lean-production",
        "automation-digitalisation",
        "work-environment",
        "swedish-at-work",
        "sustainability",
    ] {
        assert!(items.iter().any(|a| a["slug"] == slug), "{slug} is seeded");
    }

    let sv: Value = app.get("/api/v1/competence-areas/gender-equality").await.json().await.expect("json");
    assert_eq!(sv["label"], "Jämställdhet");
    assert_eq!(sv["labels"]["en"], "Gender equality");

    let en = app
        .client
        .get(app.url("/api/v1/competence-areas/gender-equality"))
        .header("Accept-Language", "en-GB, sv;q=0.5")
        .send()
        .await
        .expect("send");
    assert_eq!(en.headers()["vary"], "Accept-Language");
    let en: Value = en.json().await.expect("json");
    assert_eq!(en["label"], "Gender equality");
    assert_eq!(en["labels"]["sv"], "Jämställdhet");

    let list_en: Value = app
        .client
        .get(app.url("/api/v1/competence-areas?limit=500"))
        .header("Accept-Language", "en")
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let leadership = list_en["items"].as_array().expect("items").iter().find(|a| a["slug"] == "leadership").cloned();
    assert_eq!(leadership.map(|a| a["label"].clone()), Some(Value::from("Leadership")));
}

#[tokio::test]
async fn a_malformed_slug_is_400_and_an_unknown_one_404() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/competence-areas/Gender_Equality").await, 400).await;
    assert_problem(app.get("/api/v1/competence-areas/knitting").await, 404).await;
}
