## Layout shown on every page

site-name = Kakehashi
site-tagline = Raising supply-chain security, together
skip-to-content = Skip to content
nav-home = Home
nav-operator = Operations
nav-sign-in = Sign in
nav-sign-out = Sign out
lang-switch = 日本語
lang-switch-hint = Show this page in Japanese
signed-in-as = Signed in as { $name }
footer-note = Kakehashi helps a whole supply chain raise its security, with the least burden on small suppliers.
footer-api = API (for developers)

## Home page

home-title = Welcome to Kakehashi
home-lead = A place where buyers, suppliers, subcontractors and industry associations improve their security against one common baseline, and share where they stand with confidence.
home-suppliers-title = For suppliers and subcontractors
home-suppliers-body = Answer one self-check once and share it, with your consent, with every customer who asks. See what to do next.
home-buyers-title = For buyers
home-buyers-body = Ask your suppliers for a self-check, review their answers and evidence, and see where your whole supply chain stands.
home-associations-title = For industry associations
home-associations-body = See your members' progress in aggregate, without exposing any single member, and help the whole industry improve.
home-sign-in-cta = Sign in
home-welcome = Welcome, { $name }
nav-org = Organisation
nav-account = Account
nav-menu = Menu
nav-tools = Tools
nav-reviews = Self-checks received
nav-relations = Suppliers and partners

## Each person's home

home-self-checks = Your self-checks
home-start-hint = Start with tier 1 of the common baseline ({ $count } questions). It takes about ten minutes, and each screen is saved as you go.
home-start-tier-1 = Start the tier-1 self-check
home-evidence-expiring = Some evidence has expired or expires soon
home-reviews = Self-checks your suppliers sent you
home-admin = Running the organisation
home-link-request = { $org } asks to link with you
home-answer-request = See the request
home-partners = Linked organisations: { $count }
home-asked = Requests waiting for the other side: { $count }
home-open-invitations = Invitations not used yet: { $count }
home-operator = System state
home-op-orgs = Organisations: { $count }
home-op-people = People: { $count }
home-op-mail-failed = Mail that could not be sent: { $count }
home-op-mail-held = Mail kept: { $count }
home-op-jobs-failed = Failed jobs: { $count }
home-op-jobs-waiting = Jobs waiting: { $count }
home-nothing = Nothing waits for you today. Choose what to use from the menu.

## Tools (for specialists)

tools-title = Tools
tools-hint = For security staff and industry associations. You do not need these for an everyday self-check.
tools-baseline = Every item of the common baseline, and how it maps to other guidelines.
tools-questionnaires = See or make the questionnaires suppliers answer.
tools-inference = Carry answers given against one framework over to another, through the mappings.
tools-common = Find the items most guidelines share, and publish them as your own standard.
tools-catalogs = The imported guidelines (NIST and others), crosswalks and baselines.

## Confirmation of destructive actions

confirm-what-stops = If you go ahead:
confirm-recorded = This is kept in the activity record.
confirm-back = Cancel and go back
