## Layout shown on every page

site-name = 架け橋
site-tagline = サプライチェーンのセキュリティを、みんなで高める
skip-to-content = 本文へ移動
nav-home = ホーム
nav-operator = 運用管理
nav-sign-in = サインイン
nav-sign-out = サインアウト
lang-switch = English
lang-switch-hint = 表示を英語に切り替えます
signed-in-as = { $name } さんでサインインしています
footer-note = 架け橋は、取引先の負担を少なく、サプライチェーン全体のセキュリティを高めるためのサービスです。
footer-api = API（開発者向け）

## Home page

home-title = 架け橋へようこそ
home-lead = 発注元企業、取引先、再委託先、業界団体が、共通の基準でセキュリティ対策を進め、その状況を安心して共有できる場所です。
home-suppliers-title = 取引先・再委託先のみなさまへ
home-suppliers-body = セルフチェックは一度答えるだけで、同意した複数の取引先に共有できます。次に何をすればよいかも分かります。
home-buyers-title = 発注元企業のみなさまへ
home-buyers-body = 取引先にセルフチェックを依頼し、回答と証跡を確認して、サプライチェーン全体の状況を把握できます。
home-associations-title = 業界団体のみなさまへ
home-associations-body = 会員企業の状況を、個社が特定されない形で集計し、業界全体の底上げに役立てられます。
home-sign-in-cta = サインインする
home-welcome = ようこそ、{ $name } さん
nav-org = 組織
nav-account = アカウント
nav-menu = メニュー
nav-tools = ツール
nav-reviews = 届いた自己点検
nav-relations = 取引先

## Each person's home

home-self-checks = 自社の自己点検
home-start-hint = まず、共通ベースラインの段階1（{ $count }問）に答えてみましょう。10分ほどで終わります。答えは画面ごとに保存されます。
home-start-tier-1 = 段階1の自己点検を始める
home-evidence-expiring = 有効期限が切れた、またはもうすぐ切れる証拠があります
home-reviews = 取引先から届いた自己点検
home-admin = 組織の管理
home-link-request = { $org } から、つながりの依頼が届いています
home-answer-request = 依頼を確認する
home-partners = つながっている組織 { $count }
home-asked = 相手の承認を待っている依頼 { $count }
home-open-invitations = まだ使われていない招待 { $count }
home-operator = システムの状態
home-op-orgs = 組織 { $count }
home-op-people = 利用者 { $count }
home-op-mail-failed = 送れなかったメール { $count }
home-op-mail-held = 保管中のメール { $count }
home-op-jobs-failed = 失敗した処理 { $count }
home-op-jobs-waiting = 待機中の処理 { $count }
home-nothing = 今日することはありません。メニューから使いたい機能を選んでください。

## Tools (for specialists)

tools-title = ツール
tools-hint = セキュリティの担当者や業界団体向けの機能です。ふだんの自己点検には使わなくてもかまいません。
tools-baseline = 共通ベースラインの全項目と、ほかのガイドラインとの対応を見ます。
tools-questionnaires = 取引先に答えてもらう質問票を見たり、作ったりします。
tools-inference = ある基準への答えを、対応表を使って別の基準に読み替えます。
tools-common = 多くのガイドラインに共通する項目を探し、自社の基準として公開します。
tools-catalogs = 取り込んだガイドライン（NISTなど）と対応表、ベースラインを見ます。

## Confirmation of destructive actions

confirm-what-stops = 実行すると、次のことが起きます。
confirm-recorded = この操作は、操作の記録に残ります。
confirm-back = やめて戻る
