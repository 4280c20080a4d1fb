//! One demo account per role, made with the demo data so that a trial can
//! sign in as each kind of user at once. Their passwords are printed and
//! documented: never on a database that holds real data (on PostgreSQL only
//! when `SAMVERKA_DEMO_ACCOUNTS=true` says so explicitly).

use samverka_domain::account::Role;
use samverka_domain::api_client::NewApiClient;
use samverka_domain::user::{NewUser, UserInput};
use samverka_persistence::{DatabaseConnection, api_clients, begin, commit, users};

/// A demo account: who, and how to sign in.
pub struct DemoAccount {
    pub role: Role,
    /// The e-mail (users) or client id (the integration).
    pub login: String,
    pub secret: &'static str,
}

/// A demo user: role, e-mail, and the binding fields (municipality, company, provider).
type Person<'a> = (Role, &'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

const PASSWORD: &str = "samverka-demo-2026";
const INTEGRATION_ID: &str = "demo-integration";
const INTEGRATION_SECRET: &str = "samverka-demo-integration-secret-2026";

/// Makes the demo accounts that are not there yet; all of them, to print.
pub async fn ensure(db: &DatabaseConnection) -> anyhow::Result<Vec<DemoAccount>> {
    let company = samverka_seed::demo_companies::company_id(0).to_string();
    let people: [Person; 4] = [
        (Role::Admin, "admin@demo.samverka.se", None, None, None),
        (Role::Officer, "officer@demo.samverka.se", Some("0686"), None, None),
        (Role::Company, "company@demo.samverka.se", None, Some(company.as_str()), None),
        (Role::Provider, "provider@demo.samverka.se", None, None, Some("Campus Eksjö")),
    ];
    let hash = samverka_http::auth::password::hash_blocking(PASSWORD).map_err(anyhow::Error::msg)?;
    let txn = begin(db).await?;
    let mut accounts = Vec::new();
    for (role, email, municipality, company, provider) in people {
        if users::find_by_email(&txn, email).await?.is_none() {
            let display_name = format!("Demo {role}");
            let user = NewUser::parse(UserInput {
                email,
                display_name: &display_name,
                role: role.as_str(),
                password: PASSWORD,
                municipality,
                company_id: company.map(str::parse).transpose()?,
                provider,
            })
            .map_err(|e| anyhow::anyhow!("demo account {email}: {e:?}"))?;
            users::create(&txn, user, hash.clone()).await?;
        }
        accounts.push(DemoAccount { role, login: email.to_owned(), secret: PASSWORD });
    }
    if api_clients::find_by_client_id(&txn, INTEGRATION_ID).await?.is_none() {
        let scope = ["0604", "0684", "0685", "0686"].map(str::to_owned);
        let client = NewApiClient::parse("Demo integration", &scope, &|_| true)
            .map_err(|e| anyhow::anyhow!("demo integration: {e:?}"))?;
        let secret = samverka_http::auth::password::hash_blocking(INTEGRATION_SECRET).map_err(anyhow::Error::msg)?;
        api_clients::create(&txn, client, INTEGRATION_ID.to_owned(), secret).await?;
    }
    accounts.push(DemoAccount {
        role: Role::Integration,
        login: INTEGRATION_ID.to_owned(),
        secret: INTEGRATION_SECRET,
    });
    // The demo officer's to-do list; it coordinates #Attraktivindustri (and gets its report).
    if let Some(officer) = users::find_by_email(&txn, "officer@demo.samverka.se").await? {
        samverka_seed::demo_work::tasks_for(&txn, officer.id).await?;
        let project = samverka_persistence::collaborations::attraktivindustri();
        samverka_persistence::collaborations::add_coordinator(&txn, project, officer.id).await?;
    }
    commit(txn).await?;
    Ok(accounts)
}
