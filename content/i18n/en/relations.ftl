## Relationships between organisations and invitations

rel-title = Business relationships
rel-hint = Links between buyers and suppliers, associations and members, parents and group companies. A link needs the other side's consent, and either side can end it.
rel-none = No links yet.
rel-counterpart = Organisation
rel-they-are = They are
rel-buyer = Buyer
rel-supplier = Supplier
rel-association = Industry association
rel-member = Member
rel-parent = Parent company
rel-subsidiary = Group company
rel-colleague = Member of the same organisation
rel-state-pending = Waiting for approval
rel-state-active = Active
rel-state-ended = Ended
rel-awaits-you = Waiting for your approval
rel-accept = Approve
rel-decline = Decline
rel-withdraw = Withdraw
rel-end = End
rel-accepted = The link was approved.
rel-ended = The link was ended.
offer-buyer-supplier-from = Invite them as our supplier
offer-buyer-supplier-to = Invite them as our buyer
offer-association-member-from = Invite them as a member of our association
offer-association-member-to = Invite them as the association we belong to
offer-parent-subsidiary-from = Invite them as our group company
offer-parent-subsidiary-to = Invite them as our parent company
invite-firm = Invite an organisation
invite-firm-hint = We send an invitation by e-mail. If the organisation is already registered (same corporate number, or a confirmed mail domain), we send it a link request instead of registering it again.
invite-offer = Relationship
invite-firm-name = Organisation name
invite-email = E-mail address to invite
invite-send = Send invitation
invite-sent = The invitation was sent.
invite-became-request = This organisation was already registered, so we sent it a link request. The link starts when its admin approves.
invite-already-linked = You are already linked with this organisation, or a request is waiting for approval.
invite-itself = You cannot invite your own organisation.
invite-already-member = This person is already a member of this organisation.
invite-revoked = The invitation was withdrawn.
invite-sent-list = Invitations sent
invite-expires = Expires
invite-state-open = Not used yet
invite-state-used = Registered
invite-state-withdrawn = Withdrawn
invite-title = Invitation to Kakehashi
invite-from-firm = { $org } invites you to connect on Kakehashi.
invite-from-colleague = You are invited to join { $org }.
invite-you-will-be = You will be
invite-accept-as = You accept this invitation for { $org }.
invite-accept-colleague = You will become a member of this organisation.
invite-accept = Accept the invitation
invite-accepted = The invitation was accepted.
invite-register = Register
invite-register-hint = Choose your name and a password to register.
invite-have-account = Already have an account? Sign in
invite-welcome = You are registered. Welcome.
invite-unknown = This invitation link is not valid. Please check the link in the e-mail.
invite-expired = This invitation has expired. Please ask the sender to invite you again.
invite-used = This invitation has already been used. If you registered, please sign in.
invite-withdrawn = This invitation was withdrawn.
invite-has-account = An account with this e-mail address exists. Please sign in, then accept the invitation.
invite-firm-exists = This organisation is already registered on Kakehashi. Instead of registering it again, we sent its admins a link request. Please ask your organisation's admin to invite you as a member.
invite-other-address = This invitation was sent to another e-mail address.
invite-not-admin = To link organisations, sign in as an admin of your organisation.
register-name = Your name
register-password = Password
register-password-hint = At least 12 characters. A long phrase is both safe and easy to remember.
register-org = About your organisation
register-submit = Register
field-name-invalid = Please enter your name (100 characters at most).
field-password-weak = Use at least 12 characters, and not your e-mail address or one character repeated.

## Mail (the link and the expiry are filled in)

mail-invite-firm-subject = [Kakehashi] Invitation from { $org }
mail-invite-firm-body =
    To { $firm },

    { $org } invites you to Kakehashi, a service for raising supply-chain security together.
    Please register through this link:

    { $link }

    Valid until: { $expires }
    If you did not expect this, please ignore this message.
mail-invite-colleague-subject = [Kakehashi] You are invited to join { $org }
mail-invite-colleague-body =
    { $org } invites you to join it on Kakehashi.
    Please register through this link:

    { $link }

    Valid until: { $expires }
    If you did not expect this, please ignore this message.
mail-link-request-subject = [Kakehashi] Link request from { $org }
mail-link-request-body =
    { $org } asks to connect with your organisation on Kakehashi.
    Please approve or decline on this page:

    { $link }
rel-confirm-end = End the link with { $org }?
rel-confirm-withdraw = Withdraw your request to link with { $org }?
rel-confirm-decline = Decline { $org }'s request to link?
rel-confirm-unlinked = You and { $org } will no longer be linked (they will no longer see even your name).
rel-confirm-they-lose = { $org } will no longer see the { $what } you share: the sharing is revoked.
rel-confirm-you-lose = You will no longer see the { $what } { $org } shares: the sharing is revoked.
rel-confirm-no-review = You will no longer ask { $org } for reviews, nor be asked.
