## Signing in and out

login-title = Sign in
login-email = E-mail address
login-password = Password
login-submit = Sign in
login-failed = The e-mail address or password is not correct.
login-required = Please sign in to see this page.
logout-done = You have signed out.
login-throttled = Too many failed attempts. Please wait about 15 minutes and try again.
login-forgot = Forgot your password?
login-code-title = Two-step verification
login-code-hint = Enter the 6-digit code shown in the authenticator app on your phone. If you cannot use the app, a recovery code works too.
login-code = Verification code
login-code-submit = Verify
login-code-failed = The code is not correct, or it has already been used.
