## Messages about form fields, shown beside the field

field-email-empty = メールアドレスを入力してください。
field-email-malformed = メールアドレスの形式が正しくありません（例: name@example.co.jp）。
field-email-too-long = メールアドレスが長すぎます（254文字まで）。
