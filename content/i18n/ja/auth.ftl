## Signing in and out

login-title = サインイン
login-email = メールアドレス
login-password = パスワード
login-submit = サインイン
login-failed = メールアドレスまたはパスワードが正しくありません。
login-required = このページを見るには、サインインしてください。
logout-done = サインアウトしました。
login-throttled = 失敗が続いたため、しばらくサインインできません。15分ほど待ってから、もう一度お試しください。
login-forgot = パスワードを忘れた場合
login-code-title = 2段階認証
login-code-hint = スマートフォンの認証アプリに表示されている6桁の番号を入力してください。アプリが使えないときは、リカバリーコードも使えます。
login-code = 確認コード
login-code-submit = 確認する
login-code-failed = 確認コードが正しくないか、すでに使われています。
