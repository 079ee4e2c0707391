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
