package cases

// Kind is what the subject asks for. Its string is the CLI and JSON value.
type Kind string

// The kinds of request.
const (
	KindAccess          Kind = "access"
	KindRectify         Kind = "rectify"
	KindDestroy         Kind = "destroy"
	KindBlock           Kind = "block"
	KindWithdrawConsent Kind = "withdraw-consent"
	KindStopProcessing  Kind = "stop-processing"
	KindMarketingOptout Kind = "marketing-optout"
	KindPasswordReset   Kind = "password-reset"
	KindAuthority       Kind = "authority"
	KindIncident        Kind = "incident"
	KindOther           Kind = "other"
)

// KindInfo describes a kind for people.
type KindInfo struct {
	Title   Text
	Short   Text // fits a table column
	Article Text
}

// Kinds lists every kind in the order menus show them.
var Kinds = []Kind{
	KindAccess, KindRectify, KindDestroy, KindBlock, KindWithdrawConsent,
	KindStopProcessing, KindMarketingOptout, KindPasswordReset, KindAuthority,
	KindIncident, KindOther,
}

var kindInfo = map[Kind]KindInfo{
	KindAccess: {
		Text{"Доступ к персональным данным", "Access to personal data"},
		Text{"доступ", "access"},
		Text{"ч. 3 ст. 14, ч. 1 ст. 20 152-ФЗ", "152-FZ Art. 14 p. 3, Art. 20 p. 1"}},
	KindRectify: {
		Text{"Уточнение (исправление) данных", "Rectification of data"},
		Text{"уточнение", "rectify"},
		Text{"ч. 3 ст. 20, ч. 2 ст. 21 152-ФЗ", "152-FZ Art. 20 p. 3, Art. 21 p. 2"}},
	KindDestroy: {
		Text{"Уничтожение данных", "Destruction of data"},
		Text{"уничтожение", "destroy"},
		Text{"ч. 3 ст. 20 152-ФЗ", "152-FZ Art. 20 p. 3"}},
	KindBlock: {
		Text{"Блокирование данных", "Blocking of data"},
		Text{"блокирование", "block"},
		Text{"ч. 1–3 ст. 21 152-ФЗ", "152-FZ Art. 21 p. 1–3"}},
	KindWithdrawConsent: {
		Text{"Отзыв согласия", "Withdrawal of consent"},
		Text{"отзыв согл.", "withdraw"},
		Text{"ч. 5, 6 ст. 21, ч. 2 ст. 9 152-ФЗ", "152-FZ Art. 21 p. 5, 6, Art. 9 p. 2"}},
	KindStopProcessing: {
		Text{"Требование прекратить обработку", "Demand to stop processing"},
		Text{"прекращение", "stop proc."},
		Text{"ч. 5.1 ст. 21 152-ФЗ", "152-FZ Art. 21 p. 5.1"}},
	KindMarketingOptout: {
		Text{"Отказ от рекламной рассылки", "Marketing opt-out"},
		Text{"рассылка", "opt-out"},
		Text{"ч. 2 ст. 15 152-ФЗ; ч. 1 ст. 18 38-ФЗ «О рекламе»", "152-FZ Art. 15 p. 2; 38-FZ \"On Advertising\" Art. 18 p. 1"}},
	KindPasswordReset: {
		Text{"Сброс пароля с проверкой личности", "Password reset with identity check"},
		Text{"сброс пароля", "pw reset"},
		Text{"внутренний регламент (не закон)", "internal policy (not statutory)"}},
	KindAuthority: {
		Text{"Запрос Роскомнадзора", "Roskomnadzor request"},
		Text{"РКН", "authority"},
		Text{"ч. 4 ст. 20, ч. 1, 3 ст. 21 152-ФЗ", "152-FZ Art. 20 p. 4, Art. 21 p. 1, 3"}},
	KindIncident: {
		Text{"Инцидент (утечка)", "Incident (breach)"},
		Text{"инцидент", "incident"},
		Text{"ч. 3.1 ст. 21 152-ФЗ", "152-FZ Art. 21 p. 3.1"}},
	KindOther: {
		Text{"Иное обращение", "Other request"},
		Text{"иное", "other"},
		Text{"ч. 3 ст. 14 152-ФЗ (до уточнения вида)", "152-FZ Art. 14 p. 3 (until the kind is set)"}},
}

func (k Kind) String() string { return string(k) }

// Info returns the description of k.
func (k Kind) Info() KindInfo { return kindInfo[k] }

// Valid tells whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindInfo[k]; return ok }

// ParseKind reads a kind's machine name.
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if !k.Valid() {
		return "", errf(ErrUnknownKind, s)
	}
	return k, nil
}

// Channel is how a request arrived.
type Channel string

// The channels.
const (
	ChannelEmail     Channel = "email"
	ChannelWeb       Channel = "web"
	ChannelPost      Channel = "post"
	ChannelInPerson  Channel = "in-person"
	ChannelPhone     Channel = "phone"
	ChannelAuthority Channel = "authority"
)

// Channels lists every channel.
var Channels = []Channel{ChannelEmail, ChannelWeb, ChannelPost, ChannelInPerson, ChannelPhone, ChannelAuthority}

var channelTitles = map[Channel]Text{
	ChannelEmail:     {"эл. почта", "e-mail"},
	ChannelWeb:       {"веб-форма", "web form"},
	ChannelPost:      {"почта", "post"},
	ChannelInPerson:  {"лично", "in person"},
	ChannelPhone:     {"телефон", "phone"},
	ChannelAuthority: {"от органа", "authority"},
}

// Title returns the channel's name for people.
func (c Channel) Title() Text { return channelTitles[c] }

// ParseChannel reads a channel's machine name.
func ParseChannel(s string) (Channel, error) {
	c := Channel(s)
	if _, ok := channelTitles[c]; !ok {
		return "", errf(ErrUnknownChannel, s)
	}
	return c, nil
}
