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
