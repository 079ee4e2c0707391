## Signing in and out

login-title = Sign in
login-email = E-mail address
login-password = Password
login-submit = Sign in
login-failed = The e-mail address or password is not correct.
login-required = Please sign in to see this page.
logout-done = You have signed out.
