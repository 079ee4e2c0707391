//! Organisations and people for tests, made through the same store functions the product uses.

use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword, with_check_digit};
use kakehashi_domain::ids::{OrgId, UserId};
use kakehashi_domain::locale::Locale;
use kakehashi_domain::tenancy::{
    Country, IncidentContact, OrgName, OrgProfile, RelationshipKind, RelationshipState, Role,
};
use kakehashi_server::org::store as orgs;
use kakehashi_server::platform::auth::password;
use kakehashi_server::platform::auth::users::{self, NewUser};
use kakehashi_server::relations::store as relationships;

use crate::TestApp;

/// The password every fixture person has.
pub const PASSWORD: &str = "fixture passphrase 2026";

impl TestApp {
    /// Registers an organisation (with a valid 法人番号 made from `number_base`, if given) and
    /// its first admin.
    pub async fn create_org(
        &self,
        name: &str,
        number_base: Option<&str>,
        admin_email: &str,
    ) -> anyhow::Result<(OrgId, UserId)> {
        let profile = OrgProfile {
            name: OrgName::parse(name)?,
            corporate_number: number_base.and_then(with_check_digit),
            country: Country::JAPAN,
            industry: None,
            size: None,
            prefecture: None,
            region: None,
            incident_contact: IncidentContact {
                name: Some(format!("{name} 窓口")),
                email: Some(EmailAddress::parse(admin_email)?),
                phone: None,
            },
            support_provider: Some(format!("{name} の支援事業者")),
        };
        let now = self.clock_now();
        let mut tx = self.state.db().write().await?;
        let org = orgs::insert(&mut tx, &profile, now).await?;
        tx.commit().await?;
        let user = self.add_person(org, admin_email, Role::Admin).await?;
        Ok((org, user))
    }

    /// Adds a person (a new account) to an organisation with a role.
    pub async fn add_person(&self, org: OrgId, email: &str, role: Role) -> anyhow::Result<UserId> {
        let new = NewUser {
            email: EmailAddress::parse(email)?,
            display_name: DisplayName::parse("試験 太郎")?,
            password: NewPassword::parse(PASSWORD, email)?,
            is_operator: false,
            locale: Locale::Ja,
        };
        let hash = password::hash(&new.password).await?;
        let now = self.clock_now();
        let mut tx = self.state.db().write().await?;
        let user = users::insert(&mut tx, &new, &hash, None, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        orgs::add_member(&mut tx, org, user, role, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Links two organisations (already accepted).
    pub async fn link(&self, kind: RelationshipKind, from: OrgId, to: OrgId) -> anyhow::Result<()> {
        let mut tx = self.state.db().write().await?;
        relationships::insert(&mut tx, kind, from, to, from, RelationshipState::Active, self.clock_now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
        Ok(())
    }

    /// The organisation a person belongs to (their first).
    pub async fn state_org(&self, email: &str) -> anyhow::Result<OrgId> {
        let id: String = sqlx::query_scalar(
            "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 ORDER BY m.created_at LIMIT 1",
        )
        .bind(email)
        .fetch_one(self.state.db().pool())
        .await?;
        Ok(id.parse()?)
    }

    /// A signed-in client for a fixture person.
    pub async fn client_for(&self, email: &str) -> anyhow::Result<reqwest::Client> {
        let client = self.client();
        self.sign_in(&client, email, PASSWORD).await?;
        Ok(client)
    }

    /// Today's date in Japan on the test clock.
    pub fn clock_today(&self) -> time::Date {
        self.clock_now().to_offset(time::UtcOffset::from_hms(9, 0, 0).unwrap_or(time::UtcOffset::UTC)).date()
    }

    /// Starts the built-in self-check of baseline `tier` through the API as `client`; its id.
    pub async fn start_built_in_self_check(&self, client: &reqwest::Client, tier: i64) -> anyhow::Result<String> {
        use serde_json::{Value, json};
        let list: Vec<Value> = client.get(self.url("/api/v1/questionnaires")).send().await?.json().await?;
        let chosen = list.iter().find(|q| q["baseline_tier"] == tier).cloned().unwrap_or_default();
        let started: Value = client
            .post(self.url("/api/v1/assessments"))
            .json(&json!({"questionnaire_id": chosen["id"]}))
            .send()
            .await?
            .json()
            .await?;
        Ok(started["id"].as_str().unwrap_or_default().to_owned())
    }

    fn clock_now(&self) -> time::OffsetDateTime {
        use kakehashi_domain::clock::Clock;
        self.clock.now()
    }
}
