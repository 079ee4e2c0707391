## The self-check (assess)

nav-questionnaires = Self-check questionnaires
questionnaire-title = Self-check questionnaires
questionnaire-hint = Questionnaires for suppliers to answer. One for each tier of the common baseline is there from the start. One screen per theme, each question with what it means, where to start and what counts as evidence.
questionnaire-size = { $count } (questions / screens)
questionnaire-screen-of = Screen { $count }
questionnaire-guidance = Show the explanation
questionnaire-prev = Back
questionnaire-next = Next
questionnaire-empty = This questionnaire has no questions.
nav-self-checks = Self-checks
self-check-title = Self-checks
self-check-hint = Answer a questionnaire to check your firm's measures. Each screen is saved as you go; stop any time and continue later.
self-check-none = No self-check yet.
self-check-start = Start a self-check
self-check-progress = Answered { $count }
self-check-saved = Saved.
self-check-save-next = Save and go on
self-check-reason = Why it does not apply (for "not applicable")
self-check-note = Note (optional)
self-check-continue = Back to the answers
self-check-result = Result and what to do next
self-check-tier = Tier reached
self-check-provisional = Before review (taking every "not applicable" reason as given)
self-check-no-tier = None yet
self-check-overall = Overall score
self-check-by-theme = Score by theme
self-check-next-steps = What to do next (nearest first)
self-check-next-none = Nothing left for the next tier.
self-check-scoring-rule = How it is scored: implemented 4 points, partly 2, not implemented 0, as a share of the maximum; "not applicable" is not counted. A tier is reached when every item up to it is implemented (or not applicable with an accepted reason). Answers inferred from another framework count once you confirm them.
answer-implemented = Implemented
answer-partly = Partly
answer-not-implemented = Not implemented
answer-not-applicable = Not applicable

## Evidence

evidence-title = Evidence
evidence-hint = Add what shows a measure is in place (a policy file, a link to an intranet page, a short statement, a certificate) once, and use it for any answer. Files only ever open as downloads, and only your organisation and those you show a self-check to can see them.
evidence-none = No evidence yet.
evidence-add = Add evidence
evidence-kind-file = File
evidence-kind-link = Link
evidence-kind-statement = Short statement
evidence-kind-certificate = Certificate or declaration (ISMS, Privacy Mark, SECURITY ACTION, support service)
evidence-title-field = Name (shown in lists)
evidence-file-limit = File (up to { $count } MB: PDF, images, Office documents, ZIP, text)
evidence-upload = Upload
evidence-save = Add
evidence-link = Address (https://…)
evidence-statement = Statement (e.g. the server room key is kept by the CEO)
evidence-certificate-hint = Enter the registration number and expiry, and tick the items this certificate shows. It then appears as evidence on those questions by itself.
evidence-scheme = Kind
evidence-number = Registration number
evidence-issuer = Issued or certified by
evidence-issued-on = Issued on
evidence-expires-on = Valid until
evidence-expired = Expired
evidence-scan = Copy of the certificate (optional)
evidence-covers = Items this certificate shows
evidence-download = Download
evidence-withdraw = Stop using
evidence-withdrawn-mark = No longer used
evidence-added = Evidence added.
evidence-withdrawn = Evidence no longer used. Answers that used it keep it.
evidence-attach = Evidence for this answer
evidence-attach-none = No evidence added yet.
evidence-manage = Add or list evidence
evidence-covered-by = Shown by a certificate
certificate-isms = ISMS (ISO/IEC 27001) certification
certificate-pmark = Privacy Mark (P mark)
certificate-security-action-1 = SECURITY ACTION one star
certificate-security-action-2 = SECURITY ACTION two stars
certificate-support-service = Support-service contract (e.g. Cyber Security Otasuketai)
certificate-other = Other certificate or declaration

## Review

review-your-reply = Your reply
review-reply-waits = The reviewer has your reply and will decide. If the answer needs to change, change it and save.
review-title = Self-checks to review
review-hint = Self-checks your suppliers asked you to review. For each answer, accept it, ask a question or reject it, and say why. The supplier replies in the same place and may change the answer.
review-none = No self-checks to review.
review-accepted-count = Answers accepted { $count }
review-rule = A "not applicable" counts towards a tier only where your organisation accepted its reason. When an answer changes, your earlier decision shows as "changed" and needs a new look.
self-check-progress-label = Answered
review-state-pending = Not reviewed
review-state-changed = Changed (review again)
review-state-accepted = Accepted
review-state-asked = Question open
review-state-rejected = Rejected
review-unanswered = Not answered
review-kind-accepted = Accepted
review-kind-asked = Question
review-kind-rejected = Rejected
review-kind-reply = Reply
review-verdict-accepted = Accept
review-verdict-asked = Ask a question
review-verdict-rejected = Reject
review-comment = Comment (say why when asking or rejecting)
review-decide = Record decision
review-decided = Decision recorded.
review-threads = Questions from your customers
review-change-answer = Change this answer
review-reply = Reply
review-send = Send reply
review-replied = Reply sent.
review-submit-title = Ask a customer to review
review-submit-hint = Choose a linked organisation to let it see this self-check (the answers and the evidence attached to them). You can stop sharing at any time on the sharing page. After submitting, you can change only the answers a reviewer asked about or rejected.
review-submit-nobody = No customer, association or parent company is linked yet.
review-submit-to = Ask
review-submit = Ask for review
review-submitted = Review requested.
review-received-link = Review self-checks your suppliers sent

## Carrying answers

self-check-carry-from = Carry answers from an earlier self-check (optional)
self-check-carry-none = Do not carry
self-check-carry-hint = The same items are carried as they were, items of another framework are inferred through the mappings, into questions still empty. Inferred answers do not count until you check and save them.
self-check-inferred = Inferred from an earlier self-check. If it is right, save as it is (saving confirms it); if not, choose again.
review-submitted-to = Submitted to
self-check-answer-again = Answer this question again
mail-review-request-subject = [Kakehashi] { $org } asks you to review its self-check
mail-review-request-body =
    { $org } asks you to review its self-check.
    On the page below, accept, ask about or reject each answer.

    { $link }
mail-review-question-subject = [Kakehashi] { $org } has a question about your self-check
mail-review-question-body =
    { $org } asked about or did not accept your answer to question { $question } of your self-check.
    Read it on the page below, then reply or change the answer.

    { $link }

## Answer screens, list and result (in plain words)

questionnaire-built-in-title = Common baseline, tier { $tier }
questionnaire-count = { $count } questions
self-check-error-choose = Choose the questionnaire to start.
self-check-status-answering = Answering
self-check-status-ready = Answered (ready to send for review)
self-check-status-in-review = In review
self-check-status-questions = A reviewer is waiting for you
self-check-open-items = { $count } answers with a question or sent back by a reviewer
self-check-started-on = Started { $date }
self-check-updated-on = Updated { $date }
self-check-answers-link = See or change the answers
self-check-problems-below = Something needs fixing: see the red text below. Everything you typed is still there.
self-check-reviewer-says = From { $org }
self-check-reply-label = Reply (optional; sent when you save)
self-check-your-answer = Your answer
self-check-locked = You asked for this answer to be reviewed. You can change it when the reviewer asks about it or sends it back.
self-check-reason-example = e.g. We have no Wi-Fi in the office
self-check-note-open = Add a note (optional)
self-check-save-finish = Save and see the result
evidence-asked-for = evidence helps here
evidence-add-here = Add new evidence here (any one)
evidence-or-link = or a link
evidence-or-statement = or a short statement
evidence-title-optional = Name of the evidence (optional; the file name is used if empty)
result-tier-reached = You have reached tier { $tier }
result-tier-none = You have not reached tier 1 yet
result-tier-next = { $count } items to go to tier { $tier }
result-awaiting-review = { $count } of them you answered "not applicable": they count once your customer's reviewer accepts the reason.
result-points = { $points } points (out of 100)
result-no-score = No score yet: it shows once you answer.
result-how-scored = How the score and tier are worked out
result-waiting-title = A reviewer is waiting for you to look at answers again ({ $count })
result-why-unanswered = Not answered yet
result-why-unconfirmed = Carried from an earlier self-check: check it and save
result-why-partly = Partly done: almost there
result-why-not-implemented = Not done yet
result-why-reason-pending = Waiting for your customer's reviewer to accept the "not applicable" reason
result-col-theme = Theme
result-col-score = Score
result-col-answered = Answered

## Messages about answers, reviews and evidence

answer-error-off-scale = Choose "implemented", "partly", "not implemented" or "not applicable".
answer-error-no-reason = When you choose "not applicable", please say why.
text-error-too-long = This is too long: at most { $max } characters.
answer-error-unknown-question = This questionnaire has no question { $question }.
answer-error-conflict = Someone else changed the answer to question { $question } first. Reopen the page to see the latest answer.
answer-error-locked = You asked for question { $question } to be reviewed, so it cannot change now. You can change it when the reviewer asks about it or sends it back.
answer-error-not-draft = Once a self-check is sent for review, answers can no longer be carried over or confirmed.
review-error-choose-verdict = Choose "accept", "ask" or "reject".
review-error-comment-needed = When you ask or reject, please say why in the comment.
review-error-empty-comment = The reply is empty.
review-error-already-submitted = You have already asked this organisation to review it.
review-error-unanswered = Question { $question } has no answer yet.
review-error-answer-changed = The supplier changed the answer to question { $question } after you opened it. Read the new answer and decide again.
review-error-conflict = Another reviewer decided on question { $question } after you opened it. Reopen the page to see their decision.
review-error-not-submitted = This self-check was not sent to your organisation for review.
evidence-error-kind = Choose the kind of evidence.
evidence-error-scheme = Choose the kind of certificate or declaration.
evidence-error-empty-title = Give the evidence a name.
evidence-error-empty-statement = Write the statement.
evidence-error-link = A link must be an address starting with https:// or http://.
evidence-error-dates = The expiry date is before the issue date.
evidence-error-type = This kind of file cannot be kept. Use a PDF, an image, an Office document, a ZIP or a text file.
evidence-error-gone = The evidence you chose is no longer in use. Reopen the page.
evidence-error-no-file = Choose a file.
evidence-error-date = "{ $text }" is not a date. Write it like 2026-04-01.
evidence-error-unknown-item = The common baseline has no item "{ $key }".
evidence-error-file-too-large = The file is too large: at most { $mb } MB.
evidence-error-over-quota = This would pass your organisation's file storage of { $mb } MB ({ $used } MB used). Ask the service's operator for more.
upload-error-too-large = What you sent is too large: at most { $mb } MB.
upload-error-interrupted = Sending stopped half-way. Please try again.
review-received-on = Received { $date }
review-to-decide = To decide: { $count }
review-new-replies = New replies: { $count }
review-open-count = Waiting for the supplier: { $count }
review-tier-reached = Tier { $tier } reached (counting the reasons your organisation accepted)
review-tier-none = Tier 1 is not reached yet
review-their-answer = The supplier's answer
review-previous-answer = The answer when you decided
review-no-evidence = No evidence attached.
review-accept-remaining = Accept the { $count } answers not yet decided, at once
review-accepted-remaining = The remaining answers were accepted.
review-accept-remaining-skipped = { $count } were not accepted: their answer changed after you opened the page, or another reviewer decided first. Please look at them.
review-error-choose-reviewer = Choose whom to ask for a review.
review-error-not-linked = You can ask only an organisation you are linked with.
result-try-next-tier = Next, you can take the tier { $tier } self-check.
evidence-file-again = The file "{ $name }" is not saved yet. Please choose it again.
mail-review-changed-subject = [Kakehashi] { $org } changed an answer of their self-check
mail-review-changed-body =
    { $org } changed their answer to question { $question }, which your organisation asked about or did not accept.
    Read the new answer on the page below and decide again.

    { $link }
