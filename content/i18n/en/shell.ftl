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
home-welcome-body = Choose what you want to do from the menu at the top.
nav-org = Organisation
nav-account = Account
