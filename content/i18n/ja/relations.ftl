## Relationships between organisations and invitations

rel-title = 取引先・関係先
rel-hint = 発注元企業と取引先、業界団体と会員、親会社とグループ会社のつながりです。相手の同意でつながり、どちらからでも解消できます。
rel-none = まだつながりはありません。
rel-counterpart = 相手先
rel-they-are = 相手の立場
rel-buyer = 発注元企業
rel-supplier = 取引先
rel-association = 業界団体
rel-member = 会員企業
rel-parent = 親会社
rel-subsidiary = グループ会社
rel-colleague = 同じ組織のメンバー
rel-state-pending = 承認待ち
rel-state-active = 有効
rel-state-ended = 解消済み
rel-awaits-you = あなたの承認待ちです
rel-accept = 承認する
rel-decline = お断りする
rel-withdraw = 取り消す
rel-end = 解消する
rel-accepted = つながりを承認しました。
rel-ended = つながりを解消しました。
offer-buyer-supplier-from = 当社の取引先として招待する
offer-buyer-supplier-to = 当社の発注元企業として招待する
offer-association-member-from = 当団体の会員として招待する
offer-association-member-to = 当社が加盟する業界団体として招待する
offer-parent-subsidiary-from = 当社のグループ会社として招待する
offer-parent-subsidiary-to = 当社の親会社として招待する
invite-firm = 組織を招待する
invite-firm-hint = 招待メールを送ります。すでに登録されている組織（同じ法人番号、または確認済みのメールドメイン）の場合は、新しく登録せずに、その組織へ連携の依頼を送ります。
invite-offer = 相手との関係
invite-firm-name = 組織名
invite-email = 招待先のメールアドレス
invite-send = 招待を送る
invite-sent = 招待メールを送りました。
invite-became-request = この組織はすでに登録されていたため、連携の依頼を送りました。相手の管理者が承認するとつながります。
invite-already-linked = この組織とはすでにつながっているか、承認待ちの依頼があります。
invite-itself = 自分の組織は招待できません。
invite-already-member = この人はすでにこの組織のメンバーです。
invite-revoked = 招待を取り消しました。
invite-sent-list = 送った招待
invite-expires = 有効期限
invite-state-open = 未使用
invite-state-used = 登録済み
invite-state-withdrawn = 取り消し済み
invite-title = 架け橋への招待
invite-from-firm = { $org } から、架け橋でつながるための招待が届いています。
invite-from-colleague = { $org } のメンバーとして招待されています。
invite-you-will-be = あなたの立場
invite-accept-as = { $org } としてこの招待を受けます。
invite-accept-colleague = この組織のメンバーになります。
invite-accept = 招待を受ける
invite-accepted = 招待を受けました。
invite-register = 登録する
invite-register-hint = 名前とパスワードを決めて登録してください。
invite-have-account = すでにアカウントをお持ちの方はこちら
invite-welcome = 登録が完了しました。ようこそ。
invite-unknown = この招待のリンクは正しくありません。メールのリンクをもう一度確認してください。
invite-expired = この招待は有効期限が切れています。招待した方に、もう一度送ってもらってください。
invite-used = この招待はすでに使われています。登録済みの場合はサインインしてください。
invite-withdrawn = この招待は取り消されています。
invite-has-account = このメールアドレスのアカウントはすでにあります。サインインしてから招待を受けてください。
invite-firm-exists = この組織はすでに架け橋に登録されています。新しく登録せず、その組織の管理者に連携の依頼を送りました。組織の管理者に、あなたをメンバーに招待するよう依頼してください。
invite-other-address = この招待は別のメールアドレスに送られたものです。
invite-not-admin = 組織どうしをつなぐには、組織の管理者としてサインインしてください。
register-name = お名前
register-password = パスワード
register-password-hint = 12文字以上にしてください。長い文のようなものが安全で覚えやすくおすすめです。
register-org = 組織の情報
register-submit = 登録する
field-name-invalid = お名前を入力してください（100文字まで）。
field-password-weak = パスワードは12文字以上にし、メールアドレスや同じ文字の繰り返しは避けてください。

## Mail (the link and the expiry are filled in)

mail-invite-firm-subject = 【架け橋】{ $org } から招待が届いています
mail-invite-firm-body =
    { $firm } ご担当者様

    { $org } から、サプライチェーンのセキュリティを一緒に高めるサービス「架け橋」への招待が届いています。
    次のリンクから登録してください。

    { $link }

    有効期限: { $expires }
    お心当たりがない場合は、このメールを破棄してください。
mail-invite-colleague-subject = 【架け橋】{ $org } のメンバーに招待されています
mail-invite-colleague-body =
    { $org } から、架け橋のメンバーとして招待されています。
    次のリンクから登録してください。

    { $link }

    有効期限: { $expires }
    お心当たりがない場合は、このメールを破棄してください。
mail-link-request-subject = 【架け橋】{ $org } から連携の依頼が届いています
mail-link-request-body =
    { $org } から、架け橋で貴社とつながるための依頼が届いています。
    次のページで承認またはお断りを選んでください。

    { $link }
rel-confirm-end = { $org } とのつながりを解消しますか
rel-confirm-withdraw = { $org } へのつながりの依頼を取り消しますか
rel-confirm-decline = { $org } からのつながりの依頼をお断りしますか
rel-confirm-unlinked = { $org } とは、つながりのない組織どうしになります（相手からは組織名も見えなくなります）。
rel-confirm-they-lose = { $org } は、あなたが共有している「{ $what }」を見られなくなります。共有は取り消されます。
rel-confirm-you-lose = あなたは、{ $org } が共有している「{ $what }」を見られなくなります。共有は取り消されます。
rel-confirm-no-review = { $org } に自己点検の確認を頼んだり、頼まれたりできなくなります。
