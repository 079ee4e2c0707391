## Messages about form fields, shown beside the field

field-email-empty = Please enter an e-mail address.
field-email-malformed = This is not an e-mail address (for example name@example.com).
field-email-too-long = The e-mail address is too long (254 characters at most).
