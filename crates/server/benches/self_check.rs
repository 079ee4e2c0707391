//! Loading a large self-check (issue target: an assessment with SP 800-53r5 as the profile
//! under 50 ms). Outside the timing: a fresh SQLite store with SP 800-53r5, a profile taking all
//! of it, a questionnaire from that profile (every control not withdrawn: one question each),
//! a self-check with every question answered. Timed: `assessments::view` — every question with
//! its texts and answer, the score per theme and overall, the tier and the next steps.
//!
//! `cargo bench -p kakehashi-server --bench self_check`

use kakehashi_domain::ids::UserId;
use kakehashi_domain::tenancy::Permission;
use kakehashi_server::AppState;
use kakehashi_server::assess::assessment_store::{self, Change, SelfCheck};
use kakehashi_server::assess::assessments;
use kakehashi_server::assess::questionnaires::{self, QuestionnaireRequest};
use kakehashi_server::catalog::import::{self, Options, Upload};
use kakehashi_server::catalog::profiles;
use kakehashi_server::platform::tenancy::{Acting, Own, acting};
use kakehashi_testkit::{TestApp, nist};

fn main() {
    divan::main();
}

const ALL_OF_800_53: &str = r##"{"profile": {"uuid": "00000000-0000-4000-8000-000000000053",
  "metadata": {"title": "All of SP 800-53r5", "version": "1", "oscal-version": "1.1.2"},
  "imports": [{"href": "#c", "include-all": {}}],
  "back-matter": {"resources": [{"uuid": "c", "title": "x"}]}}}"##;

struct World {
    _app: TestApp,
    state: AppState,
    own: Own<SelfCheck>,
    id: kakehashi_domain::ids::AssessmentId,
    acting: Acting,
    user: UserId,
    request: QuestionnaireRequest,
}

async fn world() -> World {
    let app = TestApp::spawn().await.expect("app");
    let state = app.state.clone();
    let sp53 = import::import(
        &state,
        Upload { name: "800-53.json", bytes: &nist::file(nist::SP800_53) },
        Options::default(),
        None,
    )
    .await
    .expect("800-53");
    let profile =
        profiles::import(&state, "all.json", ALL_OF_800_53.as_bytes(), &[sp53.id], None).await.expect("profile");
    let (org, user) = app.create_org("大量回答株式会社", None, "bench@large.example").await.expect("org");
    let request =
        QuestionnaireRequest { title: "SP 800-53r5".into(), profile_id: Some(profile.id), baseline_tier: None };
    let acting = acting::for_member(state.db(), user, org).await.expect("reads").expect("a member");
    let mut unit = state.begin(&acting, user, Permission::Write).await.expect("a unit");
    let questionnaire = questionnaires::create(&state, &mut unit, &request).await.expect("questionnaire");
    unit.commit().await.expect("committed");
    let own: Own<SelfCheck> = acting.own();
    let mut unit = state.begin(&acting, user, Permission::Write).await.expect("a unit");
    let id = assessment_store::create(&mut unit, questionnaire).await.expect("self-check");
    unit.commit().await.expect("committed");
    let count = kakehashi_server::assess::store::get(state.db(), Some(&acting.own()), questionnaire)
        .await
        .expect("read")
        .expect("there")
        .questions;
    let changes: Vec<Change> = (0..count)
        .map(|position| Change {
            position,
            answer: kakehashi_domain::assess::Answer::Implemented,
            note: None,
            seen_version: None,
        })
        .collect();
    let mut unit = state.begin(&acting, user, Permission::Write).await.expect("a unit");
    assessment_store::save(&mut unit, id, &changes, "http://127.0.0.1").await.expect("answers");
    unit.commit().await.expect("commits");
    eprintln!("{count} questions, all answered");
    World { _app: app, state, own, id, acting, user, request }
}

#[divan::bench(sample_count = 30)]
fn load_a_self_check_on_all_of_sp800_53(bencher: divan::Bencher) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let w = rt.block_on(world());
    bencher.bench_local(|| {
        rt.block_on(assessments::view(&w.state, &w.own, w.id, "en", None)).expect("reads").expect("there")
    });
}

/// Making a questionnaire over all of SP 800-53r5 for an organisation (the issue's figure: 82 ms
/// before units of work, target 15 ms): the profile's items resolved, laid out in screens, and
/// written with its 1,007 questions and the audit entry in one unit of work.
#[divan::bench(sample_count = 30)]
fn create_a_questionnaire_over_all_of_sp800_53(bencher: divan::Bencher) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let w = rt.block_on(world());
    bencher.bench_local(|| {
        rt.block_on(async {
            let mut unit = w.state.begin(&w.acting, w.user, Permission::Write).await.expect("a unit");
            let id = questionnaires::create(&w.state, &mut unit, &w.request).await.expect("questionnaire");
            unit.commit().await.expect("committed");
            id
        })
    });
}
