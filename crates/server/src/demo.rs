//! The demo world loaded by `kakehashi demo`: a buyer with its group company, ten suppliers
//! (four already share their profile with the buyer), three subcontractors of one supplier, an
//! industry association with members, a third-party assessor, a person who works for two
//! organisations, and an account for every role. All names and numbers are invented.
//!
//! Loading is idempotent (a marker in `platform_settings`) and all-or-nothing (one transaction).

use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword, with_check_digit};
use kakehashi_domain::ids::{OrgId, UserId};
use kakehashi_domain::locale::Locale;
use kakehashi_domain::tenancy::{
    Country, IncidentContact, Industry, ObjectKind, OrgName, OrgProfile, Prefecture, Purpose, RelationshipKind,
    RelationshipState, Role, SizeBand,
};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::org::store as orgs;
use crate::platform::auth::password;
use crate::platform::auth::users::{self, NewUser};
use crate::platform::state::AppState;
use crate::platform::tenancy::grants::{self, NewGrant};
use crate::relations::store as relationships;

/// A demo account whose password is printed when the demo starts.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

/// The platform operator (first, so tools can find it).
pub const OPERATOR: DemoAccount = DemoAccount {
    role: "platform operator / 運用管理者",
    email: "operator@demo.kakehashi.example",
    password: "kakehashi-demo-operator",
};

/// Every demo account, for the banner. The demo listens on loopback only unless told
/// otherwise, and these passwords are public by design.
pub const ACCOUNTS: [DemoAccount; 12] = [
    OPERATOR,
    DemoAccount {
        role: "buyer admin / 発注元 管理者",
        email: "admin@sakura-seiki.example",
        password: "demo-buyer-admin-2026",
    },
    DemoAccount {
        role: "buyer reviewer / 発注元 確認者",
        email: "review@sakura-seiki.example",
        password: "demo-buyer-review-2026",
    },
    DemoAccount {
        role: "buyer member / 発注元 担当者",
        email: "staff@sakura-seiki.example",
        password: "demo-buyer-staff-2026",
    },
    DemoAccount {
        role: "buyer read-only / 発注元 閲覧",
        email: "viewer@sakura-seiki.example",
        password: "demo-buyer-viewer-2026",
    },
    DemoAccount {
        role: "supplier admin / 取引先 管理者",
        email: "admin@aoba-press.example",
        password: "demo-supplier-admin-2026",
    },
    DemoAccount {
        role: "two organisations / 2社に所属",
        email: "tanaka@hikari-soft.example",
        password: "demo-two-orgs-2026",
    },
    DemoAccount {
        role: "subcontractor admin / 再委託先 管理者",
        email: "admin@kobayashi-kanagata.example",
        password: "demo-subcontractor-2026",
    },
    DemoAccount {
        role: "association analyst / 業界団体",
        email: "analyst@chubu-seimitsu.example",
        password: "demo-association-2026",
    },
    DemoAccount {
        role: "assessor / 第三者評価機関",
        email: "audit@mirai-audit.example",
        password: "demo-assessor-2026",
    },
    DemoAccount {
        role: "group company admin / グループ会社",
        email: "admin@sakura-logi.example",
        password: "demo-group-company-2026",
    },
    // Last, so that the indices above stay: 東和電子's admin, created with the other suppliers'
    // admins (`plain_user`), whose self-check the demo has under review at さくら精機.
    DemoAccount {
        role: "supplier under review / 確認中の取引先",
        email: "admin2@supplier.demo.kakehashi.example",
        password: "demo-supplier-admin-2026",
    },
];

const LOADED_MARKER: &str = "demo_loaded";

struct Firm {
    name: &'static str,
    number_base: &'static str,
    industry: Industry,
    size: SizeBand,
    prefecture: u8,
    contact: &'static str,
    support: Option<&'static str>,
}

const BUYER: Firm = firm(
    "さくら精機株式会社",
    "180001000001",
    Industry::Automotive,
    SizeBand::VeryLarge,
    23,
    "sec@sakura-seiki.example",
    None,
);
const GROUP: Firm = firm(
    "さくら精機ロジスティクス株式会社",
    "180001000002",
    Industry::Logistics,
    SizeBand::Medium,
    23,
    "it@sakura-logi.example",
    None,
);
const SUPPLIERS: [Firm; 10] = [
    firm(
        "青葉プレス工業株式会社",
        "180001000101",
        Industry::Automotive,
        SizeBand::Medium,
        23,
        "soumu@aoba-press.example",
        Some("中部サイバーお助け隊サービス（デモ）"),
    ),
    firm(
        "東和電子株式会社",
        "180001000102",
        Industry::Electronics,
        SizeBand::Medium,
        21,
        "it@towa-denshi.example",
        None,
    ),
    firm(
        "みなと物流株式会社",
        "180001000103",
        Industry::Logistics,
        SizeBand::SmallMedium,
        24,
        "info@minato-butsuryu.example",
        None,
    ),
    firm(
        "北斗樹脂工業株式会社",
        "180001000104",
        Industry::OtherManufacturing,
        SizeBand::SmallMedium,
        22,
        "soumu@hokuto-jushi.example",
        Some("しずおかサイバー相談室（デモ）"),
    ),
    firm(
        "有限会社 山田製作所",
        "180001000105",
        Industry::Machinery,
        SizeBand::Micro,
        23,
        "yamada@yamada-ss.example",
        None,
    ),
    firm(
        "株式会社 ひかりソフト",
        "180001000106",
        Industry::ItServices,
        SizeBand::Small,
        23,
        "support@hikari-soft.example",
        None,
    ),
    firm(
        "中央メッキ株式会社",
        "180001000107",
        Industry::OtherManufacturing,
        SizeBand::Small,
        23,
        "info@chuo-mekki.example",
        None,
    ),
    firm(
        "株式会社 つばさ精工",
        "180001000108",
        Industry::Machinery,
        SizeBand::SmallMedium,
        21,
        "soumu@tsubasa-seiko.example",
        None,
    ),
    firm(
        "株式会社 しらかば設計",
        "180001000109",
        Industry::Machinery,
        SizeBand::Small,
        20,
        "design@shirakaba.example",
        None,
    ),
    firm(
        "株式会社 あおい包装",
        "180001000110",
        Industry::OtherManufacturing,
        SizeBand::Small,
        24,
        "info@aoi-hoso.example",
        None,
    ),
];
const SUBCONTRACTORS: [Firm; 3] = [
    firm(
        "有限会社 小林金型",
        "180001000201",
        Industry::Machinery,
        SizeBand::Micro,
        23,
        "kobayashi@kobayashi-kanagata.example",
        None,
    ),
    firm(
        "株式会社 なぎさ熱処理",
        "180001000202",
        Industry::OtherManufacturing,
        SizeBand::Small,
        23,
        "info@nagisa-netsu.example",
        None,
    ),
    firm(
        "有限会社 みどり塗装",
        "180001000203",
        Industry::OtherManufacturing,
        SizeBand::Micro,
        23,
        "midori@midori-toso.example",
        None,
    ),
];
const ASSOCIATION: Firm = firm(
    "一般社団法人 中部精密部品工業会",
    "180001000301",
    Industry::Association,
    SizeBand::Small,
    23,
    "office@chubu-seimitsu.example",
    None,
);
const ASSESSOR: Firm = firm(
    "みらいセキュリティ監査株式会社",
    "180001000401",
    Industry::Security,
    SizeBand::Small,
    13,
    "contact@mirai-audit.example",
    None,
);

const fn firm(
    name: &'static str,
    number_base: &'static str,
    industry: Industry,
    size: SizeBand,
    prefecture: u8,
    contact: &'static str,
    support: Option<&'static str>,
) -> Firm {
    Firm { name, number_base, industry, size, prefecture, contact, support }
}

fn profile(f: &Firm) -> anyhow::Result<OrgProfile> {
    Ok(OrgProfile {
        name: OrgName::parse(f.name)?,
        corporate_number: with_check_digit(f.number_base),
        country: Country::JAPAN,
        industry: Some(f.industry),
        size: Some(f.size),
        prefecture: Some(Prefecture::parse(&format!("{:02}", f.prefecture)).map_err(anyhow::Error::msg)?),
        region: None,
        incident_contact: IncidentContact {
            name: Some("情報セキュリティ窓口".into()),
            email: Some(EmailAddress::parse(f.contact)?),
            phone: None,
        },
        support_provider: f.support.map(str::to_owned),
    })
}

/// Creates the demo world unless it is already there.
/// The demo association publishes its suppliers' profile: the common baseline up to tier 3
/// plus the baseline items that CSF 2.0, SP 800-171r3 and SP 800-53 all address. Only once NIST's
/// catalogs are there; says what it did.
pub async fn association_profile(state: &AppState) -> anyhow::Result<Option<String>> {
    let org = orgs::by_name(state.db(), ASSOCIATION.name).await?;
    let (Some(org), Some(baseline)) = (org, crate::baseline::inference::baseline_id(state).await?) else {
        return Ok(None);
    };
    let titles = ["NIST Cybersecurity Framework", "Protecting Controlled", "NIST Special Publication 800-53"];
    let all = crate::catalog::store::list(state.db()).await?;
    let nist: Vec<_> =
        titles.iter().filter_map(|t| all.iter().find(|c| c.title.starts_with(t)).map(|c| c.id)).collect();
    if nist.len() < titles.len() {
        return Ok(None);
    }
    let title = "中部精密部品工業会 取引先向けセキュリティ基準（デモ）";
    if crate::catalog::profile_store::find(state.db(), title, "2026").await?.is_some() {
        return Ok(None);
    }
    let request = crate::baseline::common::BuildRequest {
        title: title.into(),
        version: "2026".into(),
        hub: Some(baseline),
        catalogs: nist,
        k: Some(3),
        baseline_tier: Some(3),
        extra: vec![],
    };
    let id = crate::baseline::common::publish(state, &request, org, None).await?;
    Ok(Some(format!("{title} ({id})")))
}

pub async fn load(state: &AppState) -> anyhow::Result<()> {
    if crate::platform::settings::flag(state.db(), LOADED_MARKER).await? {
        return Ok(());
    }
    let mut hashes = Vec::new();
    for a in ACCOUNTS {
        hashes.push(password::hash(&NewPassword::parse(a.password, a.email)?).await?);
    }
    let now = state.now();
    let mut tx = state.db().write().await?;
    let mut world = World { tx: &mut tx, now, hashes };
    world.build().await?;
    crate::platform::settings::set_in(&mut tx, LOADED_MARKER, true).await?;
    tx.commit().await?;
    Ok(())
}

struct World<'a> {
    tx: &'a mut AnyConnection,
    now: OffsetDateTime,
    hashes: Vec<String>,
}

impl World<'_> {
    async fn user(&mut self, index: usize, name: &str, operator: bool) -> anyhow::Result<UserId> {
        let a = ACCOUNTS[index];
        let new = NewUser {
            email: EmailAddress::parse(a.email)?,
            display_name: DisplayName::parse(name)?,
            password: NewPassword::parse(a.password, a.email)?,
            is_operator: operator,
            locale: Locale::Ja,
        };
        users::insert(self.tx, &new, &self.hashes[index], None, self.now).await.map_err(|e| anyhow::anyhow!("{e}"))
    }

    async fn org(&mut self, f: &Firm) -> anyhow::Result<OrgId> {
        Ok(orgs::insert(self.tx, &profile(f)?, self.now).await?)
    }

    async fn member(&mut self, org: OrgId, user: UserId, role: Role) -> anyhow::Result<()> {
        orgs::add_member(self.tx, org, user, role, self.now).await?;
        Ok(())
    }

    async fn link(&mut self, kind: RelationshipKind, from: OrgId, to: OrgId) -> anyhow::Result<()> {
        relationships::insert(self.tx, kind, from, to, from, RelationshipState::Active, self.now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    }

    async fn share_profile(&mut self, owner: OrgId, by: UserId, with: OrgId, purpose: &str) -> anyhow::Result<()> {
        let new = NewGrant {
            grantee: with,
            kind: ObjectKind::OrgProfile,
            object_id: Some(owner.to_string()),
            purpose: Purpose::parse(purpose)?,
            expires_at: None,
        };
        grants::insert(self.tx, owner, by, &new, self.now).await?;
        Ok(())
    }

    async fn build(&mut self) -> anyhow::Result<()> {
        self.user(0, "運用 太郎", true).await?;
        let buyer = self.org(&BUYER).await?;
        let group = self.org(&GROUP).await?;
        let association = self.org(&ASSOCIATION).await?;
        let assessor = self.org(&ASSESSOR).await?;
        for (index, name, role) in [
            (1, "佐藤 一郎", Role::Admin),
            (2, "鈴木 花子", Role::Reviewer),
            (3, "高橋 健", Role::Member),
            (4, "伊藤 美咲", Role::ReadOnly),
        ] {
            let u = self.user(index, name, false).await?;
            self.member(buyer, u, role).await?;
        }
        let group_admin = self.user(10, "渡辺 直樹", false).await?;
        self.member(group, group_admin, Role::Admin).await?;
        self.link(RelationshipKind::ParentSubsidiary, buyer, group).await?;

        let mut suppliers = Vec::new();
        for f in &SUPPLIERS {
            let id = self.org(f).await?;
            self.link(RelationshipKind::BuyerSupplier, buyer, id).await?;
            suppliers.push(id);
        }
        let aoba_admin = self.user(5, "青木 誠", false).await?;
        self.member(suppliers[0], aoba_admin, Role::Admin).await?;
        // An IT vendor's person: admin at their own firm, and supporting a client as a member.
        let tanaka = self.user(6, "田中 ゆかり", false).await?;
        self.member(suppliers[5], tanaka, Role::Admin).await?;
        self.member(suppliers[0], tanaka, Role::Member).await?;
        for (i, supplier) in suppliers.iter().enumerate().skip(1).filter(|(i, _)| *i != 5) {
            let email = format!("admin{}@supplier.demo.kakehashi.example", i + 1);
            let u = self.plain_user(&email, SUPPLIERS[i].name).await?;
            self.member(*supplier, u, Role::Admin).await?;
        }
        for (i, supplier) in suppliers.iter().take(4).enumerate() {
            let by = if i == 0 { aoba_admin } else { self.admin_of(*supplier).await? };
            self.share_profile(*supplier, by, buyer, "取引先管理のため（インシデント時の連絡先の共有）").await?;
        }
        let towa_admin = self.admin_of(suppliers[1]).await?;
        self.share_profile(suppliers[1], towa_admin, assessor, "第三者評価のため").await?;

        let mut subcontractors = Vec::new();
        for f in &SUBCONTRACTORS {
            let id = self.org(f).await?;
            self.link(RelationshipKind::BuyerSupplier, suppliers[0], id).await?;
            subcontractors.push(id);
        }
        let kobayashi = self.user(7, "小林 進", false).await?;
        self.member(subcontractors[0], kobayashi, Role::Admin).await?;

        let analyst = self.user(8, "中村 彩", false).await?;
        self.member(association, analyst, Role::Admin).await?;
        for member in [buyer, suppliers[0], suppliers[1], suppliers[3], suppliers[6]] {
            self.link(RelationshipKind::AssociationMember, association, member).await?;
        }
        let auditor = self.user(9, "山本 修", false).await?;
        self.member(assessor, auditor, Role::Admin).await?;
        Ok(())
    }

    /// An admin for a supplier that has no printed account (they can use password reset).
    async fn plain_user(&mut self, email: &str, firm: &str) -> anyhow::Result<UserId> {
        let new = NewUser {
            email: EmailAddress::parse(email)?,
            display_name: DisplayName::parse(&format!("{firm} 管理者"))?,
            password: NewPassword::parse("demo-supplier-admin-2026", email)?,
            is_operator: false,
            locale: Locale::Ja,
        };
        let hash = self.hashes[5].clone();
        users::insert(self.tx, &new, &hash, None, self.now).await.map_err(|e| anyhow::anyhow!("{e}"))
    }

    async fn admin_of(&mut self, org: OrgId) -> anyhow::Result<UserId> {
        orgs::first_admin(self.tx, org)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo organisation {org} has no admin"))
    }
}

/// NIST's catalogs and crosswalks from `dir`, imported as the demo does (see
/// `catalog::demo::load`), with the baseline linked to them at once rather than by the job their
/// import writes: the demo shows the links from its first page.
pub async fn load_catalogs(state: &AppState, dir: Option<&std::path::Path>) -> anyhow::Result<Vec<String>> {
    let said = crate::catalog::demo::load(state, dir).await?;
    crate::baseline::install::install(state).await?;
    Ok(said)
}
