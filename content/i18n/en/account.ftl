## The person's own account

account-title = Account
account-orgs = Your organisations
account-change-password = Change your password
account-current-password = Current password
account-new-password = New password
account-password-changed = Your password was changed. Other devices were signed out.
account-password-wrong = The current password is not correct.
forgot-title = Forgot your password?
forgot-hint = Enter the e-mail address you registered with. We send a link to set a new password.
forgot-submit = Send the link
forgot-sent = If the address has an account, a link is on its way. Please open it within an hour.
reset-title = Set a new password
reset-submit = Set password
reset-unusable = This link cannot be used: it has expired or was already used. Please ask for a new link.
reset-done = Your password was set. Please sign in with the new password.
two-factor-title = Two-step verification
two-factor-intro = When you sign in, you will enter a 6-digit code from an app on your phone as well as your password. Your account stays safe even if your password leaks.
two-factor-step-app = Install an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, …).
two-factor-step-scan = Scan this QR code with the app.
two-factor-manual = If you cannot scan it, type this into the app:
two-factor-step-code = Enter the 6-digit code the app shows.
two-factor-turn-on = Turn on two-step verification
two-factor-turn-off = Turn off two-step verification
two-factor-on = On
two-factor-off = Off
two-factor-manage = Settings
two-factor-enabled = Two-step verification is on.
two-factor-codes-hint = These recovery codes let you in if you lose your phone. Each works once. Print them or keep them somewhere safe; they will not be shown again.
two-factor-continue = Continue
two-factor-code-wrong = The code is not correct. Please enter the latest code the app shows.
two-factor-required = Your role requires two-step verification. Please set it up before doing anything else.
two-factor-required-keep = The operator requires two-step verification for your role, so it cannot be turned off.
two-factor-disabled = Two-step verification was turned off.
mail-reset-subject = [Kakehashi] Setting a new password
mail-reset-body =
    Here is the link to set a new password:

    { $link }

    Valid until: { $expires } (it works once)
    If you did not ask for this, please ignore this message; your password stays the same.
