package dupes

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens returns the words of s as dupes compares them: accents folded,
// lower case, punctuation dropped, stop words removed and each word lightly
// stemmed ("reminders" is "reminder", "onboarding" is "onboard"). An
// apostrophe or period inside a word joins its parts ("customer's" is
// "customer"); a hyphenated word gives its parts and the whole
// ("seat-limit" is "seat", "limit", "seatlimit"; "e-mail" is "mail",
// "email").
func Tokens(s string) []string {
	var out []string
	forTokens(s, nil, func(tok []byte) {
		out = append(out, string(tok))
	})
	return out
}

// forTokens calls visit with each stemmed, non-stop-word token of s. buf
// is scratch space, returned (grown as needed) for the next call; visit
// must not keep tok.
func forTokens(s string, buf []byte, visit func(tok []byte)) []byte {
	buf = fold(s, buf[:0])
	folded := buf
	for len(buf) > 0 {
		i := 0
		for i < len(buf) && buf[i] == ' ' {
			i++
		}
		j := i
		for j < len(buf) && buf[j] != ' ' {
			j++
		}
		if j > i {
			word := buf[i:j]
			if bytes.IndexByte(word, hyphen) >= 0 {
				// seat-limit: the parts ("seat", "limit"), then the
				// whole ("seatlimit", as "e-mail" is "email")
				for part := range bytes.SplitSeq(word, []byte{hyphen}) {
					if len(part) >= 2 {
						visitWord(part, visit)
					}
				}
				word = slices.DeleteFunc(word, func(c byte) bool { return c == hyphen })
			}
			visitWord(word, visit)
		}
		buf = buf[j:]
	}
	return folded
}

// visitWord stems w and passes it on unless it is a stop word.
func visitWord(w []byte, visit func(tok []byte)) {
	if tok := stem(w); !stopWords[string(tok)] {
		visit(tok)
	}
}

// hyphen marks, in folded text, a hyphen inside a word.
const hyphen = 0x01

// fold writes s to buf in lower case without accents, with every run of
// characters other than letters and digits turned into one space, except
// that a hyphen, apostrophe or period between two letters or digits is
// dropped so that the word stays whole.
func fold(s string, buf []byte) []byte {
	if !isASCII(s) {
		s = foldUnicode(s)
	}
	space := true
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			buf = append(buf, byte(r))
			space = false
		case 'A' <= r && r <= 'Z':
			buf = append(buf, byte(r+'a'-'A'))
			space = false
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			space = false
		case isJoiner(r) && !space && i+size < len(s) && isWordStart(s[i+size:]):
			// e-mail, don't, v2.1: keep the word whole
			if r == '-' || r == '\u2010' || r == '\u2011' {
				buf = append(buf, hyphen)
			}
		default:
			if !space {
				buf = append(buf, ' ')
				space = true
			}
		}
		i += size
	}
	return buf
}

func isJoiner(r rune) bool {
	switch r {
	case '-', '\'', '.', '\u2019', '\u2010', '\u2011':
		return true
	}
	return false
}

// isWordStart reports whether s starts with a letter or digit.
func isWordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldUnicode removes accents (NFKD, then drops combining marks) and
// spells out the letters that do not decompose (ß, æ, ø, œ, ł, đ, þ).
func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := letterFolds[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var letterFolds = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'þ': "th", 'Þ': "th", 'ı': "i",
}

// stopWords are dropped before comparing: they say nothing about what a
// touchpoint does.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or of to for in on at by with from into about as
		our your their its his her my we you they them it us this that these those each every all
		is are be been was were will can do does so than then via per up`) {
		stopWords[w] = true
	}
}

// stem strips a few English suffixes so that the forms of a word compare
// equal: plurals (reminders, replies, classes), -ing and -ed (onboarding,
// scheduled), then a final e (invoice and invoicing both end as "invoic").
// Words of three letters or fewer, and words ending in -ss, -us or -is,
// keep their s. It works in place and returns the stem.
func stem(w []byte) []byte {
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case hasSuffix(w, "ies") && n > 4:
		w = append(w[:n-3], 'y')
	case hasSuffix(w, "sses"):
		w = w[:n-2]
	case hasSuffix(w, "s") && !hasSuffix(w, "ss") && !hasSuffix(w, "us") && !hasSuffix(w, "is"):
		w = w[:n-1]
	case hasSuffix(w, "ing") && n >= 7:
		w = w[:n-3]
	case hasSuffix(w, "ed") && n >= 6:
		w = w[:n-2]
	}
	if n := len(w); n > 4 && w[n-1] == 'e' {
		w = w[:n-1]
	}
	return w
}

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}
