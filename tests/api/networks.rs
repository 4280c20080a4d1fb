//! Company networks: members, meetings of a network, attendance, feedback.

use crate::helpers::{error_fields, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

fn meeting(network: &str, hours_from_now: i64) -> Value {
    let start = chrono::Utc::now() + chrono::Duration::hours(hours_from_now);
    json!({"title": "Nätverksträff", "municipality": "0780", "format": "onSite", "venue": "Kommunhuset",
        "startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339(), "networkId": network})
}

fn company_ids(list: &Value) -> Vec<String> {
    list["items"].as_array().expect("items").iter().map(|m| m["companyId"].as_str().expect("id").to_owned()).collect()
}

#[tokio::test]
async fn a_network_its_members_and_its_meetings() {
    let app = spawn_app().await;
    let (_, host) = app.token_of("officer", "0780").await;
    let (_, eksjo) = app.token_of("officer", "0686").await;
    let (_, provider) = app.token_of("provider", "Campus Alfa").await;
    let listed = app.create_company("0780", true).await;
    let unlisted = app.create_company("0780", false).await;
    let outsider = app.create_company("0780", false).await;
    let eksjo_company = app.create_company("0686", false).await;
    let (_, member) = app.token_of("company", &unlisted.to_string()).await;
    let (_, other) = app.token_of("company", &outsider.to_string()).await;

    let body = json!({"name": "Industrinätverket Växjö", "purpose": "Träffas varje månad", "municipality": "0780"});
    assert_eq!(app.send(Method::POST, "/api/v1/networks", Some(&eksjo), Some(body.clone())).await.0, 403);
    let (status, network) = app.send(Method::POST, "/api/v1/networks", Some(&host), Some(body)).await;
    assert_eq!(status, 201, "{network}");
    let id = network["id"].as_str().expect("id").to_owned();
    let members = format!("/api/v1/networks/{id}/members");
    let (status, joined) = app.send(Method::PUT, &format!("{members}/{listed}"), Some(&host), None).await;
    assert_eq!((status, joined["companyId"].clone()), (201, json!(listed)));
    assert_eq!(
        app.send(Method::PUT, &format!("{members}/{listed}"), Some(&host), None).await.0,
        200,
        "a member already"
    );
    assert_eq!(app.send(Method::PUT, &format!("{members}/{unlisted}"), Some(&host), None).await.0, 201);
    assert_eq!(
        app.send(Method::PUT, &format!("{members}/{eksjo_company}"), Some(&host), None).await.0,
        404,
        "a company the host cannot see"
    );
    assert_eq!(app.send(Method::PUT, &format!("{members}/{outsider}"), Some(&eksjo), None).await.0, 403);

    // Name, purpose, host and member count are public; members are not.
    let (status, public) = app.send(Method::GET, &format!("/api/v1/networks/{id}"), None, None).await;
    assert_eq!((status, public["memberCount"].as_i64()), (200, Some(2)));
    let (_, list) = app.send(Method::GET, "/api/v1/networks?municipality=0780", None, None).await;
    assert_eq!(list["items"][0]["name"], "Industrinätverket Växjö");
    let (_, all) = app.send(Method::GET, &members, Some(&eksjo), None).await;
    assert_eq!(company_ids(&all).len(), 2);
    let (_, seen_by_other) = app.send(Method::GET, &members, Some(&other), None).await;
    assert_eq!(company_ids(&seen_by_other), [listed.to_string()], "a company sees listed members only");
    let (_, seen_by_member) = app.send(Method::GET, &members, Some(&member), None).await;
    assert_eq!(company_ids(&seen_by_member).len(), 2, "and its own");
    assert_eq!(app.send(Method::GET, &members, Some(&provider), None).await.0, 403);
    assert_eq!(app.send(Method::GET, &members, None, None).await.0, 401);

    // A meeting of the network: its members' users find it as invited.
    let (status, problem) = app
        .send(Method::POST, "/api/v1/network-meetings", Some(&host), Some(meeting(&uuid::Uuid::nil().to_string(), 48)))
        .await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["networkId".to_owned()]));
    let (status, planned) =
        app.send(Method::POST, "/api/v1/network-meetings", Some(&host), Some(meeting(&id, 48))).await;
    assert_eq!((status, planned["networkId"].as_str()), (201, Some(id.as_str())));
    let (_, invited) = app.send(Method::GET, "/api/v1/network-meetings?invited=true", Some(&member), None).await;
    assert_eq!(invited["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(invited["items"][0]["invited"], true);
    let (_, not_invited) = app.send(Method::GET, "/api/v1/network-meetings?invited=true", Some(&other), None).await;
    assert_eq!(not_invited["items"].as_array().map(Vec::len), Some(0));
    let (_, everything) = app.send(Method::GET, "/api/v1/network-meetings", Some(&other), None).await;
    assert_eq!(everything["items"][0]["invited"], false, "planned meetings are public; this one is not for it");
    let (_, of_network) = app.send(Method::GET, &format!("/api/v1/network-meetings?network={id}"), None, None).await;
    assert_eq!(of_network["items"].as_array().map(Vec::len), Some(1));
    let (status, none) = app.send(Method::GET, "/api/v1/network-meetings?invited=true", Some(&host), None).await;
    assert_eq!((status, none["items"].as_array().map(Vec::len)), (200, Some(0)), "only companies are invited");

    // A company leaves; it may not remove another.
    assert_eq!(app.send(Method::DELETE, &format!("{members}/{listed}"), Some(&member), None).await.0, 403);
    assert_eq!(app.send(Method::DELETE, &format!("{members}/{unlisted}"), Some(&member), None).await.0, 204);
    let (_, after) = app.send(Method::GET, &format!("/api/v1/networks/{id}"), None, None).await;
    assert_eq!(after["memberCount"], 1);
    assert_eq!(app.send(Method::DELETE, &format!("/api/v1/networks/{id}"), Some(&host), None).await.0, 204);
    let (_, orphan) = app
        .send(Method::GET, &format!("/api/v1/network-meetings/{}", planned["id"].as_str().unwrap()), None, None)
        .await;
    assert_eq!(orphan.get("networkId"), None, "the meeting stays, no longer of a network");
}

#[tokio::test]
async fn the_host_records_who_came_and_those_who_came_give_feedback_once() {
    let app = spawn_app().await;
    let (_, host) = app.token_of("officer", "0780").await;
    let (_, eksjo) = app.token_of("officer", "0686").await;
    let came = app.create_company("0780", false).await;
    let stayed_away = app.create_company("0780", false).await;
    let (_, came_user) = app.token_of("company", &came.to_string()).await;
    let (_, away_user) = app.token_of("company", &stayed_away.to_string()).await;
    let (_, network) = app
        .send(Method::POST, "/api/v1/networks", Some(&host), Some(json!({"name": "Nätverket", "municipality": "0780"})))
        .await;
    let (_, planned) = app
        .send(Method::POST, "/api/v1/network-meetings", Some(&host), Some(meeting(network["id"].as_str().unwrap(), 24)))
        .await;
    let meeting_path = format!("/api/v1/network-meetings/{}", planned["id"].as_str().unwrap());
    let mut registrations = Vec::new();
    for token in [&came_user, &away_user] {
        let body = json!({"attendees": [{"name": "Anna"}, {"name": "Bo"}]});
        let (status, registration) =
            app.send(Method::POST, &format!("{meeting_path}/registrations"), Some(token), Some(body)).await;
        assert_eq!(status, 201, "{registration}");
        registrations.push(format!("{meeting_path}/registrations/{}", registration["id"].as_str().unwrap()));
    }
    let marks = |a: bool, b: bool| json!({"attendees": [{"attended": a}, {"attended": b}]});
    let (status, problem) = app.send(Method::PATCH, &registrations[0], Some(&host), Some(marks(true, false))).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (409, Some("notStarted")));

    // The meeting took place (moved to an hour ago) and is held.
    let start = chrono::Utc::now() - chrono::Duration::hours(1);
    let moved = json!({"startsAt": start.to_rfc3339(), "endsAt": (start + chrono::Duration::hours(2)).to_rfc3339()});
    assert_eq!(app.send(Method::PATCH, &meeting_path, Some(&host), Some(moved)).await.0, 200);
    assert_eq!(app.send(Method::PATCH, &meeting_path, Some(&host), Some(json!({"status": "held"}))).await.0, 200);
    let feedback = format!("{meeting_path}/feedback");
    let (status, problem) = app.send(Method::POST, &feedback, Some(&came_user), Some(json!({"rating": 4}))).await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["companyId".to_owned()]), "not yet marked as attended");
    assert_eq!(app.send(Method::PATCH, &registrations[0], Some(&eksjo), Some(marks(true, false))).await.0, 403);
    let (status, problem) =
        app.send(Method::PATCH, &registrations[0], Some(&host), Some(json!({"attendees": [{"attended": true}]}))).await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["attendees".to_owned()]));
    let (status, recorded) = app.send(Method::PATCH, &registrations[0], Some(&host), Some(marks(true, false))).await;
    assert_eq!(status, 200, "{recorded}");
    assert_eq!(
        (recorded["attendees"][0]["attended"].as_bool(), recorded["attendees"][1]["attended"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(app.send(Method::PATCH, &registrations[1], Some(&host), Some(marks(false, false))).await.0, 200);

    let (status, given) =
        app.send(Method::POST, &feedback, Some(&came_user), Some(json!({"rating": 4, "comment": "Bra träff"}))).await;
    assert_eq!((status, given["rating"].as_i64()), (201, Some(4)));
    let (status, problem) = app.send(Method::POST, &feedback, Some(&came_user), Some(json!({"rating": 5}))).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("duplicate")));
    let (status, problem) = app.send(Method::POST, &feedback, Some(&away_user), Some(json!({"rating": 1}))).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("notAttended")));
    let (status, problem) = app.send(Method::POST, &feedback, Some(&came_user), Some(json!({"rating": 9}))).await;
    assert_eq!((status, error_fields(&problem)), (422, vec!["rating".to_owned(), "companyId".to_owned()]));
    assert_eq!(app.send(Method::POST, &feedback, Some(&host), Some(json!({"rating": 5}))).await.0, 403);

    let (status, summary) = app.send(Method::GET, &feedback, Some(&host), None).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary, json!({"count": 1, "meanRating": 4.0, "comments": ["Bra träff"]}));
    assert_eq!(app.send(Method::GET, &feedback, Some(&eksjo), None).await.0, 403);
    assert_eq!(app.send(Method::GET, &feedback, Some(&came_user), None).await.0, 403);
}
