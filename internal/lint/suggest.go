package lint

import (
	"sort"

	"github.com/journey-cli/journey/internal/journey"
)

// synonyms maps normalised words people write to the canonical vocabulary
// entry they mean. A synonym is only suggested when its target is in the
// workbook's own list.
var synonyms = map[string]string{
	// channels
	"mail": "Email", "emails": "Email", "emailcampaign": "Email", "newsletter": "Email", "edm": "Email",
	"bot": "Chatbot", "chat": "Live chat", "livechat": "Live chat", "intercom": "Live chat",
	"inproduct": "In-app", "inapp": "In-app", "inappmessage": "In-app", "producttour": "In-app", "app": "In-app",
	"web": "Website", "site": "Website", "webpage": "Website", "landingpage": "Website",
	"call": "Phone", "phonecall": "Phone", "telephone": "Phone", "coldcall": "Phone",
	"zoom": "Video call", "video": "Video call", "videoconference": "Video call", "teams": "Video call", "googlemeet": "Video call",
	"inperson": "Meeting", "onsite": "Meeting", "visit": "Meeting",
	"webcast": "Webinar", "onlineevent": "Webinar",
	"conference": "Event", "tradeshow": "Event", "meetup": "Event",
	"social": "Social media", "linkedin": "Social media", "twitter": "Social media", "x": "Social media", "facebook": "Social media", "instagram": "Social media",
	"ads": "Paid ads", "ppc": "Paid ads", "googleads": "Paid ads", "advertising": "Paid ads", "paidsocial": "Paid ads", "retargeting": "Paid ads",
	"post": "Direct mail", "postcard": "Direct mail", "letter": "Direct mail",
	"text": "SMS", "textmessage": "SMS",
	"forum": "Community", "slack": "Community", "slackcommunity": "Community",
	"helpcentre": "Help center", "knowledgebase": "Help center", "kb": "Help center", "docs": "Help center", "documentation": "Help center", "faq": "Help center",
	"ticket": "Support ticket", "helpdesk": "Support ticket", "supportrequest": "Support ticket",
	// teams
	"cs": "Customer Success", "csm": "Customer Success", "success": "Customer Success", "customersuccessteam": "Customer Success", "accountmanagement": "Customer Success",
	"salesteam": "Sales", "sdr": "Sales", "bdr": "Sales", "ae": "Sales", "accountexecutive": "Sales",
	"mktg": "Marketing", "marketingteam": "Marketing", "growth": "Marketing", "demandgen": "Marketing", "demandgeneration": "Marketing",
	"supportteam": "Support", "customersupport": "Support", "customerservice": "Support", "cx": "Support",
	"pm": "Product", "productteam": "Product", "productmanagement": "Product", "productmarketing": "Product",
}

// suggestion is the outcome of looking a value up in a vocabulary.
type suggestion struct {
	candidates []string // best first
	clear      bool     // one candidate is clearly meant: safe for --fix
}

// suggest finds the vocabulary entries value most likely means: the same
// word written differently (case, spaces, punctuation), a known synonym
// (E-mail, CS), a parser synonym for the fixed lists ("every week"), or
// the entries closest by edit distance.
func suggest(value string, vocab []string, kind string) suggestion {
	key := journey.NormalizeName(value)
	for _, v := range vocab {
		if journey.NormalizeName(v) == key {
			return suggestion{candidates: []string{v}, clear: true}
		}
	}
	if target, ok := synonyms[key]; ok {
		if v, ok := find(vocab, target); ok {
			return suggestion{candidates: []string{v}, clear: true}
		}
	}
	if kind != "" {
		if canonical, ok := journey.Synonym(kind, value); ok {
			if v, ok := find(vocab, canonical); ok {
				return suggestion{candidates: []string{v}, clear: true}
			}
		}
	}
	return closest(key, vocab)
}

// find returns the vocabulary entry equal to want after normalisation.
func find(vocab []string, want string) (string, bool) {
	key := journey.NormalizeName(want)
	for _, v := range vocab {
		if journey.NormalizeName(v) == key {
			return v, true
		}
	}
	return "", false
}

// closest returns up to three entries within a small edit distance of key
// (a typo, a missing letter), best first. It is clear when the best is
// strictly closer than the runner-up.
func closest(key string, vocab []string) suggestion {
	type scored struct {
		entry string
		dist  int
	}
	var near []scored
	limit := max(1, len([]rune(key))/3)
	for _, v := range vocab {
		if d := distance(key, journey.NormalizeName(v)); d <= limit {
			near = append(near, scored{v, d})
		}
	}
	sort.SliceStable(near, func(i, j int) bool { return near[i].dist < near[j].dist })
	s := suggestion{}
	for i, n := range near {
		if i == 3 {
			break
		}
		s.candidates = append(s.candidates, n.entry)
	}
	s.clear = len(near) == 1 || (len(near) > 1 && near[0].dist < near[1].dist)
	return s
}

// distance is the edit distance between a and b, by rune, counting a
// swap of two neighbouring letters as one edit ("Emial" -> "Email"): the
// optimal string alignment distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
