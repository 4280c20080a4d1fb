use crate::helpers::{assert_problem, error_fields, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn all_290_municipalities_are_seeded_with_their_county_and_the_partners_flagged() {
    let app = spawn_app().await;
    let body: Value = app.get("/api/v1/municipalities?limit=500").await.json().await.expect("json");
    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 290, "SCB's 290 kommuner");
    assert_eq!(body["nextCursor"], Value::Null);
    let codes: std::collections::BTreeSet<&str> = items.iter().filter_map(|m| m["code"].as_str()).collect();
    assert_eq!(codes.len(), 290, "each code once");
    let counties: std::collections::BTreeSet<&str> = items.iter().filter_map(|m| m["county"].as_str()).collect();
    assert_eq!(counties.len(), 21, "21 län: {counties:?}");
    let row = |code: &str| -> (String, String, bool) {
        let m = items.iter().find(|m| m["code"] == code).unwrap_or_else(|| panic!("{code} is missing"));
        (
            m["name"].as_str().unwrap_or("").to_owned(),
            m["county"].as_str().unwrap_or("").to_owned(),
            m["partner"] == true,
        )
    };
    for (code, name, county) in [
        ("0114", "Upplands Väsby", "Stockholms län"),
        ("0180", "Stockholm", "Stockholms län"),
        ("0980", "Gotland", "Gotlands län"),
        ("1280", "Malmö", "Skåne län"),
        ("1480", "Göteborg", "Västra Götalands län"),
        ("2023", "Malung-Sälen", "Dalarnas län"),
        ("2584", "Kiruna", "Norrbottens län"),
        ("0780", "Växjö", "Kronobergs län"),
        ("0687", "Tranås", "Jönköpings län"),
    ] {
        assert_eq!(row(code), (name.to_owned(), county.to_owned(), false), "{code}");
    }
    for (code, name) in [("0604", "Aneby"), ("0684", "Sävsjö"), ("0685", "Vetlanda"), ("0686", "Eksjö")] {
        assert_eq!(row(code), (name.to_owned(), "Jönköpings län".to_owned(), true), "{code} is a partner");
    }
    let partners: Vec<&str> =
        items.iter().filter(|m| m["partner"] == true).filter_map(|m| m["code"].as_str()).collect();
    assert_eq!(partners, ["0604", "0684", "0685", "0686"]);
    assert_eq!(items[0]["version"], 1);
    assert_eq!(items[0]["createdAt"], "2026-01-01T00:00:00Z");
    let only: Value = app.get("/api/v1/municipalities?partner=true").await.json().await.expect("json");
    assert_eq!(only["items"].as_array().map(Vec::len), Some(4));
    let county: Value = app
        .get("/api/v1/municipalities?county=J%C3%B6nk%C3%B6pings%20l%C3%A4n&limit=50")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(county["items"].as_array().map(Vec::len), Some(13), "Jönköpings län has 13 kommuner");
    let (_, problem) = assert_problem(app.get("/api/v1/municipalities?county=%C2%9B").await, 400).await;
    assert_eq!(error_fields(&problem), ["county"]);
}

#[tokio::test]
async fn pages_follow_the_cursor_and_the_link_header_to_the_end() {
    let app = spawn_app().await;
    let mut next = Some("/api/v1/municipalities?limit=100".to_owned());
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
                assert!(target.contains(&format!("cursor={cursor}")) && target.contains("limit=100"), "{target}");
                next = Some(target);
            }
            (None, None) => {}
            other => panic!("cursor and Link disagree: {other:?}"),
        }
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(codes.len(), 290);
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "in kommunkod order, each once");
    assert_eq!((codes[0].as_str(), codes[289].as_str()), ("0114", "2584"));
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
