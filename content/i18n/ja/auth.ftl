## Signing in and out

login-title = サインイン
login-email = メールアドレス
login-password = パスワード
login-submit = サインイン
login-failed = メールアドレスまたはパスワードが正しくありません。
login-required = このページを見るには、サインインしてください。
logout-done = サインアウトしました。
