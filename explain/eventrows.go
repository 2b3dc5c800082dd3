package explain

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"slices"
	"strings"
)

// The rows of the event tables (sessionEvents and the tables by topic,
// bmpEvents, cloudEvents, featureEvents and the others joined in
// allEvents) are data, one JSON
// object a line in eventrows/<topic>.jsonl, with "#" lines saying why: a
// new event is a line there, not code. A row names what it needs from
// Go by name: a detail function (eventDetails), a list of words or a
// meaning kept in Go because code reads it too (eventWordLists,
// eventMeanings), a whole row code reads by name (eventNamedRows). Read
// at start; a row
// that names what is not there stops the program at once (and every
// test), so a typo cannot ship.

//go:embed eventrows/*.jsonl
var eventRowFiles embed.FS

// eventRow is one line of an eventrows file.
type eventRow struct {
	Row       string   `json:"row"` // a row kept in Go, by name (eventNamedRows)
	Words     []string `json:"words"`
	WordsOf   []string `json:"words_of"`
	Unless    []string `json:"unless"`
	UnlessOf  []string `json:"unless_of"`
	Also      []string `json:"also"`
	Meaning   string   `json:"meaning"`
	MeaningOf string   `json:"meaning_of"`
	Detail    string   `json:"detail"`
}

// eventDetails are the detail functions rows name: what an entry (lower
// case) states of the event in numbers or names.
var eventDetails = map[string]func(string) string{
	"addPathModeDetail":   addPathModeDetail,
	"attrActionNamed":     attrActionNamed,
	"birdProtoState":      birdProtoState,
	"exitedProgram":       exitedProgram,
	"extNextHopTuple":     extNextHopTuple,
	"openActiveDelay":     openActiveDelay,
	"openTraceDetail":     openTraceDetail,
	"openTraceNumbers":    openTraceNumbers,
	"awsRouteCount":       awsRouteCount,
	"azureStates":         azureStates,
	"bfdChange":           bfdChange,
	"bmpInfoTLVSaid":      bmpInfoTLVSaid,
	"bmpLengthSaid":       bmpLengthSaid,
	"bncDetail":           bncDetail,
	"currentNewIP":        currentNewIP,
	"calicoPeersNamed":    calicoPeersNamed,
	"deniedDetail":        deniedDetail,
	"familyNamed":         familyNamed,
	"mpNextHopDetail":     mpNextHopDetail,
	"nhUpdateDetail":      nhUpdateDetail,
	"nhtNexthopsDetail":   nhtNexthopsDetail,
	"nsrResetReason":      nsrResetReason,
	"rcvdPrefixDetail":    rcvdPrefixDetail,
	"restartTimeStated":   restartTimeStated,
	"rosFlagged":          rosFlagged,
	"routeProgrammed":     routeProgrammed,
	"saiStatusDetail":     saiStatusDetail,
	"secondsStated":       secondsStated,
	"sessionCounts":       sessionCounts,
	"updateLengthsDetail": updateLengthsDetail,
}

// eventWordLists are lists of words rows share with code.
var eventWordLists = map[string][]string{
	"birdSocketWords":   birdSocketWords,
	"openDelayed.words": openDelayed.words,
}

// eventMeanings are meanings rows share with code or with each other.
var eventMeanings = map[string]string{
	"treatAsWithdraw": treatAsWithdraw,
}

// eventNamedRows are rows kept in Go because code reads them by name
// (the prefix limit's two, whose numbers decide between them; IOS's open
// delay, whose words other rows rule out), placed by name in their table.
var eventNamedRows = map[string]*sessionEvent{
	"openDelayed":       &openDelayed,
	"prefixLimitPassed": &prefixLimitPassed,
	"prefixThreshold":   &prefixThreshold,
}

// eventRows reads the rows of eventrows/<topic>.jsonl.
func eventRows(topic string) []sessionEvent {
	b, err := eventRowFiles.ReadFile("eventrows/" + topic + ".jsonl")
	if err != nil {
		panic("explain: event rows " + topic + ": " + err.Error())
	}
	var out []sessionEvent
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var r eventRow
		d := json.NewDecoder(strings.NewReader(line))
		d.DisallowUnknownFields()
		if err := d.Decode(&r); err != nil {
			panic("explain: eventrows/" + topic + ".jsonl line " + itoa(n) + ": " + err.Error())
		}
		out = append(out, r.event(topic, n))
	}
	return out
}

// event is the row as a sessionEvent, its names looked up.
func (r eventRow) event(topic string, line int) sessionEvent {
	where := "explain: eventrows/" + topic + ".jsonl line " + itoa(line) + ": "
	if r.Row != "" {
		named, ok := eventNamedRows[r.Row]
		if !ok {
			panic(where + "no row " + r.Row)
		}
		return *named
	}
	list := func(l []string, of []string) []string {
		for _, name := range of {
			named, ok := eventWordLists[name]
			if !ok {
				panic(where + "no word list " + name)
			}
			l = append(slices.Clone(l), named...)
		}
		return l
	}
	e := sessionEvent{words: list(r.Words, r.WordsOf), unless: list(r.Unless, r.UnlessOf), also: r.Also, meaning: r.Meaning}
	if r.MeaningOf != "" {
		m, ok := eventMeanings[r.MeaningOf]
		if !ok {
			panic(where + "no meaning " + r.MeaningOf)
		}
		e.meaning = m
	}
	if r.Detail != "" {
		f, ok := eventDetails[r.Detail]
		if !ok {
			panic(where + "no detail function " + r.Detail)
		}
		e.detail = f
	}
	if len(e.words) == 0 || e.meaning == "" {
		panic(where + "a row needs words and a meaning")
	}
	return e
}
