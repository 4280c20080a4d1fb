use reqwest::header::HeaderMap;
use samverka::config::Config;
use samverka::startup::Application;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::Value;
use std::path::PathBuf;

pub const TEST_JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
pub const PASSWORD: &str = "correct horse battery staple";

/// A running server and how to reach it. Dropping it removes its database.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    /// The database the server uses (a second server may share it).
    pub database_url: String,
    /// Stops the server (gracefully with `stop(true)`).
    pub handle: actix_web::dev::ServerHandle,
    _database: TestDatabase,
}

/// The database one test owns: a SQLite file in the temp dir, or a
/// PostgreSQL database created on the server of SAMVERKA_TEST_POSTGRES_URL.
enum TestDatabase {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    async fn create() -> (TestDatabase, String) {
        let id = uuid::Uuid::now_v7().simple().to_string();
        match std::env::var("SAMVERKA_TEST_POSTGRES_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("samverka_test_{id}");
                let admin = Database::connect(&admin_url).await.expect("connect to the test PostgreSQL server");
                admin
                    .execute_raw(Statement::from_string(
                        admin.get_database_backend(),
                        format!("CREATE DATABASE {name}"),
                    ))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let url = replace_database(&admin_url, &name);
                (TestDatabase::Postgres { admin_url, name }, url)
            }
            _ => {
                let path = std::env::temp_dir().join(format!("samverka-test-{id}.db"));
                let url = format!("sqlite://{}?mode=rwc", path.display());
                (TestDatabase::Sqlite(path), url)
            }
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map(|(b, q)| (b, Some(q))).unwrap_or((url, None));
    let base = match base.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &base[..slash],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match self {
            TestDatabase::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            TestDatabase::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // The test's runtime is going away: drop on a runtime of our own.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = admin.execute_raw(Statement::from_string(admin.get_database_backend(), sql)).await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub fn is_postgres() -> bool {
    std::env::var("SAMVERKA_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty())
}

/// The configuration a test server starts with.
pub fn test_config(database_url: String) -> Config {
    let mut config = Config::defaults();
    config.bind = "127.0.0.1:0".to_owned();
    config.database_url = database_url;
    config.workers = Some(1);
    config.db_max_connections = Some(5);
    config.shutdown_timeout_secs = 5;
    config.jwt_secret = Some(TEST_JWT_SECRET.to_owned());
    // Tests drive the API hard; the rate-limit test turns it on.
    config.rate_limit_per_minute = 0;
    config
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let (database, url) = TestDatabase::create().await;
    let mut config = test_config(url.clone());
    adjust(&mut config);
    serve(config, database).await
}

async fn serve(config: Config, database: TestDatabase) -> TestApp {
    let app = Application::build(&config).await.expect("build the application");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db().clone();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http client");
    TestApp { address, client, db, database_url: config.database_url, handle, _database: database }
}

/// A server on a database that an earlier release made: the first
/// `migrations` migrations run, then `before` (SQL of that release's
/// data), then the server starts and migrates the rest.
pub async fn spawn_app_upgraded_from(migrations: u32, before: &[&str]) -> TestApp {
    use samverka_migration::MigratorTrait;
    let (database, url) = TestDatabase::create().await;
    let old = Database::connect(&url).await.expect("connect");
    samverka_migration::Migrator::up(&old, Some(migrations)).await.expect("the earlier release's migrations");
    for sql in before {
        old.execute_raw(Statement::from_string(old.get_database_backend(), *sql)).await.expect("the earlier data");
    }
    old.close().await.expect("close");
    serve(test_config(url), database).await
}

impl TestApp {
    /// A second server on this test's database (as a second instance behind
    /// a load balancer would be); its base address.
    pub async fn second_server(&self, adjust: impl FnOnce(&mut Config)) -> String {
        let mut config = test_config(self.database_url.clone());
        adjust(&mut config);
        let app = Application::build(&config).await.expect("build the second server");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }
}

/// Asserts that a response is an RFC 9457 problem with `status`, and returns
/// its body.
pub async fn assert_problem(response: reqwest::Response, status: u16) -> (HeaderMap, Value) {
    assert_eq!(response.status().as_u16(), status, "status of {}", response.url());
    let headers = response.headers().clone();
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/problem+json"),
        "content type"
    );
    let body: Value = response.json().await.expect("problem body is JSON");
    assert_eq!(body["status"], status, "status in body: {body}");
    assert!(body["type"].as_str().is_some_and(|t| t.starts_with("https://samverka.se/problems/")), "{body}");
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
    assert!(body["instance"].as_str().is_some_and(|t| t.starts_with('/')), "{body}");
    assert!(headers.contains_key("x-request-id"));
    assert_eq!(body["requestId"].as_str(), headers.get("x-request-id").and_then(|v| v.to_str().ok()));
    (headers, body)
}

/// The `field` of every entry of a problem's `errors`.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// A user made straight in the database (the admin API is not under test here).
pub struct TestUser {
    pub id: uuid::Uuid,
    pub email: String,
}

impl TestApp {
    pub async fn create_user(&self, role: &str, binding: Option<&str>) -> TestUser {
        use samverka_domain::user::{NewUser, UserInput};
        let email = format!("{role}-{}@example.se", uuid::Uuid::now_v7().simple());
        let company;
        let (municipality, company_id, provider) = match role {
            "officer" => (Some(binding.unwrap_or("0686")), None, None),
            "company" => {
                company = match binding {
                    Some(id) => id.parse().expect("a company id"),
                    None => self.create_company("0686", false).await,
                };
                (None, Some(company), None)
            }
            "provider" => (None, None, Some(binding.unwrap_or("Campus Eksjö"))),
            _ => (None, None, None),
        };
        let display_name = format!("Test {role}");
        let user = NewUser::parse(UserInput {
            email: &email,
            display_name: &display_name,
            role,
            password: PASSWORD,
            municipality,
            company_id,
            provider,
        })
        .expect("a valid user");
        let hash = samverka_http::auth::password::hash_blocking(PASSWORD).expect("hash");
        let id = samverka_persistence::users::create(&self.db, user, hash).await.expect("insert user").id;
        // Written beside the server, as another instance would: announced.
        samverka_persistence::generation::advance();
        TestUser { id, email }
    }

    /// Signs in with the password grant; the whole token answer.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/token"))
            .form(&[("grant_type", "password"), ("username", email), ("password", password)])
            .send()
            .await
            .expect("token request")
    }

    /// An access token for a new user of `role`.
    pub async fn token_for(&self, role: &str) -> (TestUser, String) {
        let user = self.create_user(role, None).await;
        let body: Value = self.login(&user.email, PASSWORD).await.json().await.expect("json");
        let token = body["access_token"].as_str().expect("access token").to_owned();
        (user, token)
    }
}

/// One row of the audit log, as a test reads it.
#[derive(Debug)]
pub struct AuditRow {
    pub actor: String,
    pub action: String,
    pub changes: Value,
}

impl TestApp {
    /// The audit events of one entity, oldest first.
    pub async fn audit_events(&self, entity: &str, entity_id: &str) -> Vec<AuditRow> {
        use samverka_persistence::entities::audit_event::{Column, Entity};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        Entity::find()
            .filter(Column::Entity.eq(entity))
            .filter(Column::EntityId.eq(entity_id))
            .order_by_asc(Column::Id)
            .all(&self.db)
            .await
            .expect("audit events")
            .into_iter()
            .map(|e| AuditRow {
                actor: e.actor,
                action: e.action,
                changes: serde_json::from_str(&e.changes).expect("changes are JSON"),
            })
            .collect()
    }

    /// An access token from the client-credentials grant.
    pub async fn client_token(&self, client_id: &str, secret: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", client_id), ("client_secret", secret)])
            .send()
            .await
            .expect("token request")
    }
}

impl TestApp {
    /// An access token of a new API client, created by `admin`, scoped to `municipalities`.
    pub async fn integration_token(&self, admin: &str, municipalities: &[&str]) -> String {
        let created: Value = self
            .client
            .post(self.url("/api/v1/api-clients"))
            .bearer_auth(admin)
            .json(&serde_json::json!({"name": "integration", "municipalities": municipalities}))
            .send()
            .await
            .expect("create client")
            .json()
            .await
            .expect("json");
        let id = created["clientId"].as_str().expect("clientId");
        access_token(self.client_token(id, created["clientSecret"].as_str().expect("clientSecret")).await).await
    }
}

/// The access token of a successful token answer.
pub async fn access_token(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200, "token answer");
    let body: Value = response.json().await.expect("json");
    body["access_token"].as_str().expect("access token").to_owned()
}

/// A valid organisation number for test company number `n`.
pub fn org_number(n: u32) -> String {
    let nine = format!("5560{:05}", n % 100_000);
    let digits: Vec<u32> = nine.bytes().map(|b| u32::from(b - b'0')).collect();
    let check = samverka_domain::company::luhn_check_digit(&digits);
    format!("{}-{}{check}", &nine[..6], &nine[6..])
}

impl TestApp {
    /// A company made straight in the database; its id.
    pub async fn create_company(&self, municipality: &str, listed: bool) -> uuid::Uuid {
        use samverka_domain::company::{CompanyInput, NewCompany};
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + std::process::id() % 1000 * 100;
        let name = format!("Testbolaget {n} AB");
        let company = NewCompany::parse(CompanyInput {
            org_number: &org_number(n),
            name: &name,
            municipality,
            sni_code: "25620",
            employees: 12,
            website: None,
            address: None,
            description: None,
            listed,
            share_analyses: true,
        })
        .expect("a valid company");
        let id = samverka_persistence::companies::create(&self.db, company).await.expect("insert company").id;
        samverka_persistence::generation::advance();
        id
    }
}

/// The server binary in a process of its own (its memory, its environment),
/// serving on a free port; killed when dropped.
pub struct ServerProcess(pub std::process::Child, pub String);

impl ServerProcess {
    /// Starts the binary with `env` (beside `SAMVERKA_BIND` and a quiet
    /// `RUST_LOG`), in `dir` when given, and waits until it is ready.
    pub async fn start(env: &[(&str, &str)], dir: Option<&std::path::Path>) -> ServerProcess {
        Self::start_logging(env, dir, None).await
    }

    /// As [`ServerProcess::start`], its log written to `log` when given.
    pub async fn start_logging(
        env: &[(&str, &str)],
        dir: Option<&std::path::Path>,
        log: Option<&std::path::Path>,
    ) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_samverka"));
        command.env("SAMVERKA_BIND", format!("127.0.0.1:{port}")).env("RUST_LOG", "warn");
        command.envs(env.iter().copied());
        match log {
            Some(path) => command.stdout(std::fs::File::create(path).expect("a log file")),
            None => command.stdout(std::process::Stdio::null()),
        };
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let process =
            ServerProcess(command.spawn().expect("start the server binary"), format!("http://127.0.0.1:{port}"));
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(response) = client.get(format!("{}/health/ready", process.1)).send().await
                && response.status() == 200
            {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server binary did not become ready");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl TestApp {
    /// One JSON request as `token` (none: anonymous): the status and the
    /// body (`null` when it is empty or not JSON).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// An access token for a new user of `role` bound to `binding` (a municipality, company or provider).
    pub async fn token_of(&self, role: &str, binding: &str) -> (TestUser, String) {
        let user = self.create_user(role, Some(binding)).await;
        let token = access_token(self.login(&user.email, PASSWORD).await).await;
        (user, token)
    }
}
