## The common baseline (共通項)

nav-baseline = 共通ベースライン
baseline-title = 架け橋 共通ベースライン
baseline-hint = どの業界の会社にも共通する対策を、4つの段階にまとめました。どの項目にも「何をするか」「なぜか」「まず何から始めるか」「何が証拠になるか」を書いています。
baseline-tiers = 段階
baseline-themes = テーマ
baseline-all-tiers = すべての段階
baseline-all-themes = すべてのテーマ
baseline-tier-cumulative = 段階を選ぶと、その段階までに必要な項目（下の段階を含む）を表示します。
baseline-count = { $count } 項目
tier-1 = 段階1 すぐできる基本
tier-2 = 段階2 自社診断の水準
tier-3 = 段階3 サプライチェーンの基本
tier-4 = 段階4 標準（第三者の確認向け）
