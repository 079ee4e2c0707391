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
home-welcome-body = 左上のメニューから、使いたい機能を選んでください。
nav-org = 組織
nav-account = アカウント
