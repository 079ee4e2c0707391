## The self-check (assess)

nav-questionnaires = 自己点検の質問票
questionnaire-title = 自己点検の質問票
questionnaire-hint = 取引先に答えてもらう質問票です。共通ベースラインの段階ごとの質問票が最初から用意されています。テーマごとに1画面で、各質問のそばに「意味」「まず何から」「証拠になるもの」を示します。
questionnaire-size = { $count }（質問 / 画面）
questionnaire-screen-of = 画面 { $count }
questionnaire-guidance = 説明を見る
questionnaire-prev = 前へ
questionnaire-next = 次へ
questionnaire-empty = この質問票には質問がありません。
nav-self-checks = 自己点検
self-check-title = 自己点検
self-check-hint = 質問票に答えて、自社の対策を確かめます。答えは画面ごとに保存されます。途中でやめても、続きから再開できます。
self-check-none = まだ自己点検はありません。
self-check-start = 自己点検を始める
self-check-progress = 回答 { $count }
self-check-saved = 保存しました。
self-check-save-next = 保存して次へ
self-check-reason = 「該当しない」ときの理由
self-check-note = メモ（任意）
self-check-continue = 回答に戻る
self-check-result = 結果と次にすること
self-check-tier = 達成した段階
self-check-provisional = 確認前の段階（「該当しない」の理由をそのまま認めた場合）
self-check-no-tier = まだありません
self-check-overall = 全体の点数
self-check-by-theme = テーマごとの点数
self-check-next-steps = 次にすること（近いものから）
self-check-next-none = 次の段階に向けてすることはありません。
self-check-scoring-rule = 点数のつけ方：「実施している」4点、「一部実施」2点、「実施していない」0点で、満点に対する割合です。「該当しない」は数えません。段階は、その段階までのすべての項目が「実施している」（または理由が認められた「該当しない」）のときに達成です。ほかの基準から推定した答えは、確認するまで数えません。
answer-implemented = 実施している
answer-partly = 一部実施
answer-not-implemented = 実施していない
answer-not-applicable = 該当しない

## Evidence

evidence-title = 証拠
evidence-hint = 対策をしていることを示すもの（規程のファイル、社内ページへのリンク、短い説明、認証の登録証）を一度登録すれば、どの回答にも使えます。ファイルはダウンロードでのみ開かれ、見られるのは自社と、自己点検を見せた相手だけです。
evidence-none = まだ証拠はありません。
evidence-add = 証拠を登録する
evidence-kind-file = ファイル
evidence-kind-link = リンク
evidence-kind-statement = 短い説明
evidence-kind-certificate = 認証・宣言（ISMS、Pマーク、SECURITY ACTION、お助け隊など）
evidence-title-field = 名前（一覧に表示されます）
evidence-file-limit = ファイル（{ $count } MBまで。PDF、画像、Office文書、ZIP、テキスト）
evidence-upload = アップロードする
evidence-save = 登録する
evidence-link = リンク先（https://…）
evidence-statement = 説明（例：サーバー室の鍵は社長が保管しています）
evidence-certificate-hint = 登録番号と有効期限を入れ、この認証で示せる項目に印をつけてください。印をつけた項目の質問に、証拠として自動で表示されます。
evidence-scheme = 種類
evidence-number = 登録番号
evidence-issuer = 発行・認定した機関
evidence-issued-on = 発行日
evidence-expires-on = 有効期限
evidence-expired = 期限切れ
evidence-scan = 登録証の写し（任意）
evidence-covers = この認証で示せる項目
evidence-download = ダウンロード
evidence-withdraw = 使わなくする
evidence-withdrawn-mark = 使われていません
evidence-added = 証拠を登録しました。
evidence-withdrawn = 証拠を使わなくしました。これまでの回答には残ります。
evidence-attach = この回答の証拠
evidence-attach-none = 登録した証拠はまだありません。
evidence-manage = 証拠を登録する・一覧を見る
evidence-covered-by = 認証で示されています
certificate-isms = ISMS（ISO/IEC 27001）認証
certificate-pmark = プライバシーマーク（Pマーク）
certificate-security-action-1 = SECURITY ACTION 一つ星
certificate-security-action-2 = SECURITY ACTION 二つ星
certificate-support-service = サイバーセキュリティお助け隊などの支援サービス契約
certificate-other = その他の認証・宣言

## Review

review-your-reply = あなたの返事
review-reply-waits = 返事は確認者に届いています。確認者の判断を待っています。回答を直す必要があれば、直して保存してください。
review-title = 届いた自己点検の確認
review-hint = 取引先から確認を頼まれた自己点検です。回答ごとに「認める」「質問する」「認めない」を選び、理由を書いてください。取引先は同じ場所で返事をし、回答を直せます。
review-none = 確認を頼まれた自己点検はありません。
review-accepted-count = 認めた回答 { $count }
review-rule = 「該当しない」は、あなたの組織が理由を認めたときだけ段階に数えます。回答が変わると、前の判断は「変更あり」になり、もう一度確認が必要です。
self-check-progress-label = 回答済み
review-state-pending = 未確認
review-state-changed = 変更あり（再確認が必要）
review-state-accepted = 認めた
review-state-asked = 質問中
review-state-rejected = 認めない
review-unanswered = 未回答
review-kind-accepted = 認めた
review-kind-asked = 質問
review-kind-rejected = 認めない
review-kind-reply = 返事
review-verdict-accepted = 認める
review-verdict-asked = 質問する
review-verdict-rejected = 認めない
review-comment = コメント（質問する・認めないときは理由を書いてください）
review-decide = 判断を記録する
review-decided = 判断を記録しました。
review-threads = 取引先からの確認
review-change-answer = この回答を直す
review-reply = 返事
review-send = 返事を送る
review-replied = 返事を送りました。
review-submit-title = 取引先に確認を頼む
review-submit-hint = つながりのある取引先を選ぶと、この自己点検（回答と、回答につけた証拠）を見てもらえます。共有は「共有の設定」でいつでも止められます。確認を頼んだあとは、取引先が質問した回答と認めなかった回答だけを直せます。
review-submit-nobody = 確認を頼める発注元・業界団体・親会社が、まだつながっていません。
review-submit-to = 確認を頼む相手
review-submit = 確認を頼む
review-submitted = 確認を頼みました。
review-received-link = 取引先から届いた自己点検を確認する

## Carrying answers

self-check-carry-from = 前の自己点検から答えを引き継ぐ（任意）
self-check-carry-none = 引き継がない
self-check-carry-hint = 同じ項目はそのまま、別の基準の項目は対応表から推定して、空いている質問に入れます。推定した答えは、あなたが確かめて保存するまで点数に数えません。
self-check-inferred = 前の自己点検から推定した答えです。正しければそのまま保存してください（保存すると確認したことになります）。違えば選び直してください。
review-submitted-to = 確認を頼んだ相手
self-check-answer-again = この質問に答え直す
mail-review-request-subject = 【架け橋】{ $org } から自己点検の確認依頼が届いています
mail-review-request-body =
    { $org } が、自己点検の結果を確認してほしいと依頼しています。
    次のページで、回答ごとに「認める」「質問する」「認めない」を選んでください。

    { $link }
mail-review-question-subject = 【架け橋】{ $org } から自己点検の回答について確認があります
mail-review-question-body =
    { $org } が、自己点検の質問 { $question } の回答について確認しています。
    次のページで内容を読み、返事をするか、回答を直してください。

    { $link }

## Answer screens, list and result (in plain words)

questionnaire-built-in-title = 共通ベースライン 段階{ $tier }
questionnaire-count = { $count }問
self-check-error-choose = 始める質問票を選んでください。
self-check-status-answering = 回答中
self-check-status-ready = 回答済み（確認を頼めます）
self-check-status-in-review = 確認中
self-check-status-questions = 確認者から連絡があります
self-check-open-items = 確認者から質問や差し戻しのある回答が { $count } 件あります
self-check-started-on = 開始 { $date }
self-check-updated-on = 更新 { $date }
self-check-answers-link = 回答を見る・直す
self-check-problems-below = 直してほしいところがあります。下の赤い文字を見てください。入力した内容はそのまま残っています。
self-check-reviewer-says = { $org } から
self-check-reply-label = 返事（任意。保存すると送ります）
self-check-your-answer = あなたの回答
self-check-locked = 確認を頼んだ回答です。確認者が質問するか差し戻したときに直せます。
self-check-reason-example = 例：社内に無線LANがありません
self-check-note-open = メモを書く（任意）
self-check-save-finish = 保存して結果を見る
evidence-asked-for = 証拠があるとよい項目
evidence-add-here = ここで新しく証拠を追加する（どれか1つ）
evidence-or-link = またはリンク
evidence-or-statement = または短い説明
evidence-title-optional = 証拠の名前（任意。空ならファイル名などを使います）
result-tier-reached = 段階{ $tier }を達成しています
result-tier-none = まだ段階1に届いていません
result-tier-next = 段階{ $tier }まで、あと{ $count }項目です
result-awaiting-review = そのうち{ $count }項目は「該当しない」と答えた項目です。取引先の確認者が理由を認めると満たされます。
result-points = { $points }点（100点満点）
result-no-score = まだ点数はありません。回答すると表示されます。
result-how-scored = 点数と段階の決め方
result-waiting-title = 確認者が回答の見直しを待っています（{ $count }件）
result-why-unanswered = まだ答えていません
result-why-unconfirmed = 前の自己点検からの推定です。確かめて保存してください
result-why-partly = 一部実施：あと少しです
result-why-not-implemented = 実施していません
result-why-reason-pending = 「該当しない」の理由を、取引先の確認者が認めるのを待っています
result-col-theme = テーマ
result-col-score = 点数
result-col-answered = 回答

## Messages about answers, reviews and evidence

answer-error-off-scale = 「実施している」「一部実施」「実施していない」「該当しない」から選んでください。
answer-error-no-reason = 「該当しない」を選んだときは、理由を書いてください。
text-error-too-long = 長すぎます。{ $max }文字以内にしてください。
answer-error-unknown-question = 質問{ $question }は、この質問票にありません。
answer-error-conflict = 質問{ $question }の回答は、ほかの人が先に変更しました。ページを開き直して、最新の回答を確かめてください。
answer-error-locked = 質問{ $question }は確認を頼んだ回答なので、今は変えられません。確認者が質問するか差し戻したときに直せます。
answer-error-not-draft = 確認を頼んだあとは、答えの引き継ぎや確定はできません。
review-error-choose-verdict = 「認める」「質問する」「認めない」から選んでください。
review-error-comment-needed = 「質問する」「認めない」ときは、理由をコメントに書いてください。
review-error-empty-comment = 返事が空です。
review-error-already-submitted = この相手には、すでに確認を頼んでいます。
review-error-unanswered = 質問{ $question }には、まだ回答がありません。
review-error-answer-changed = 質問{ $question }の回答は、あなたが開いたあとに取引先が直しました。新しい回答を読んで、もう一度判断してください。
review-error-conflict = 質問{ $question }は、あなたが開いたあとに別の確認者が判断しました。ページを開き直して、その判断を確かめてください。
review-error-not-submitted = この自己点検は、あなたの組織に確認を頼まれていません。
evidence-error-kind = 証拠の種類を選んでください。
evidence-error-scheme = 認証・宣言の種類を選んでください。
evidence-error-empty-title = 証拠の名前を書いてください。
evidence-error-empty-statement = 説明を書いてください。
evidence-error-link = リンクは https:// または http:// で始まるアドレスにしてください。
evidence-error-dates = 有効期限が発行日より前になっています。
evidence-error-type = この種類のファイルは登録できません。PDF、画像、Office文書、ZIP、テキストのどれかにしてください。
evidence-error-gone = 選んだ証拠は使われなくなっています。ページを開き直してください。
evidence-error-no-file = ファイルを選んでください。
evidence-error-date = 「{ $text }」は日付として読めません。2026-04-01 のように書いてください。
evidence-error-unknown-item = 共通ベースラインに「{ $key }」という項目はありません。
evidence-error-file-too-large = ファイルが大きすぎます。{ $mb } MB以内にしてください。
evidence-error-over-quota = この組織が保存できるファイルの容量（{ $mb } MB、うち { $used } MB 使用中）を超えます。運用担当者に相談してください。
upload-error-too-large = 送信する内容が大きすぎます。{ $mb } MB以内にしてください。
upload-error-interrupted = 送信が途中で止まりました。もう一度お試しください。
review-received-on = { $date } に届きました
review-to-decide = 判断待ち { $count }
review-new-replies = 新しい返事 { $count }
review-open-count = 取引先の対応待ち { $count }
review-tier-reached = 段階{ $tier }を達成しています（あなたの組織が認めた理由で数えています）
review-tier-none = まだ段階1に届いていません
review-their-answer = 取引先の回答
review-previous-answer = 前に判断したときの回答
review-no-evidence = 証拠はついていません。
review-accept-remaining = まだ判断していない回答 { $count } 件をまとめて認める
review-accepted-remaining = 残りの回答をまとめて認めました。
review-accept-remaining-skipped = { $count } 件は、ページを開いたあとに回答が変わったか、別の確認者が判断したため、認めませんでした。内容を確かめてください。
review-error-choose-reviewer = 確認を頼む相手を選んでください。
review-error-not-linked = 確認を頼めるのは、つながりのある組織だけです。
result-try-next-tier = 次は、段階{ $tier }の自己点検に進めます。
evidence-file-again = ファイル「{ $name }」はまだ保存していません。お手数ですが、もう一度選んでください。
mail-review-changed-subject = 【架け橋】{ $org } が自己点検の回答を直しました
mail-review-changed-body =
    { $org } が、あなたの組織が質問した、または認めなかった質問 { $question } の回答を直しました。
    次のページで新しい回答を読み、もう一度判断してください。

    { $link }
