## The person's own account

account-title = アカウント
account-orgs = 所属している組織
account-change-password = パスワードを変更する
account-current-password = 今のパスワード
account-new-password = 新しいパスワード
account-password-changed = パスワードを変更しました。ほかの端末ではサインアウトされました。
account-password-wrong = 今のパスワードが正しくありません。
forgot-title = パスワードを忘れた場合
forgot-hint = 登録しているメールアドレスを入力してください。パスワードを設定し直すためのリンクを送ります。
forgot-submit = リンクを送る
forgot-sent = 入力されたアドレスにアカウントがあれば、リンクを送りました。1時間以内に開いてください。
reset-title = 新しいパスワードを設定する
reset-submit = 設定する
reset-unusable = このリンクは使えません。期限切れか、すでに使われています。もう一度リンクを送ってください。
reset-done = パスワードを設定しました。新しいパスワードでサインインしてください。
two-factor-title = 2段階認証
two-factor-intro = サインインのとき、パスワードに加えて、スマートフォンのアプリに表示される6桁の番号を入力するようにします。パスワードが漏れても、アカウントを守れます。
two-factor-step-app = スマートフォンに認証アプリ（Google Authenticator、Microsoft Authenticator など）を入れます。
two-factor-step-scan = アプリで次のQRコードを読み取ります。
two-factor-manual = 読み取れない場合は、この文字列をアプリに入力してください:
two-factor-step-code = アプリに表示された6桁の番号を入力します。
two-factor-turn-on = 2段階認証を有効にする
two-factor-turn-off = 2段階認証を無効にする
two-factor-on = 有効です
two-factor-off = 無効です
two-factor-manage = 設定
two-factor-enabled = 2段階認証を有効にしました。
two-factor-codes-hint = スマートフォンをなくしたときに使うリカバリーコードです。それぞれ1回だけ使えます。印刷するなどして、安全な場所に保管してください。この画面を閉じると、二度と表示されません。
two-factor-continue = 続ける
two-factor-code-wrong = 番号が正しくありません。アプリに表示されている最新の番号を入力してください。
two-factor-required = この役割では2段階認証が必要です。設定が終わるまで、ほかの操作はできません。
two-factor-required-keep = 運用管理者の方針により、この役割では2段階認証を無効にできません。
two-factor-disabled = 2段階認証を無効にしました。
mail-reset-subject = 【架け橋】パスワードの再設定
mail-reset-body =
    パスワードを設定し直すためのリンクです。

    { $link }

    有効期限: { $expires }（1回だけ使えます）
    お心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。
