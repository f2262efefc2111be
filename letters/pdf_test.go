package letters

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"machtiging/authz"
)

// needPdftotext skips without pdftotext on a laptop, and fails in CI.
func needPdftotext(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed (poppler-utils); CI=true, so this is a failure, not a skip")
		}
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	return p
}

// PDFText extracts the text of a PDF with pdftotext, without the footers.
func pdfText(t *testing.T, tool string, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// words is a text with its whitespace (line breaks of the PDF's wrapping,
// page breaks) made single spaces.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// The PDF holds the stored text exactly, name with ş, Ç and Ö included,
// on A4 with page numbers.
func TestPDFTextIsTheLetter(t *testing.T) {
	tool := needPdftotext(t)
	set, _ := Default()
	long := decision(authz.OutcomeRejected, rejection(authz.RejectNotIndicated, strings.Repeat("Een lange motivering die over meer regels loopt en de brief over twee bladzijden doet gaan. ", 40)))
	// Rendering takes a tenth of a second: a few goldens of every shape.
	all := goldenCases()
	cases := []goldenCase{all[0], all[1], all[3], all[7], all[9], {"two pages", Input{Request: SampleRequest(false, true), Decision: long}}}
	for _, tc := range cases {
		l, err := set.Write(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []Recipient{ToInsured, ToProvider} {
			text := l.To(r)
			var b bytes.Buffer
			meta := PDFMeta{Reference: tc.in.Request.ID, Date: time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC)}
			if err := WritePDF(&b, text, meta); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
				t.Fatalf("%s: not a PDF", tc.name)
			}
			got := pdfText(t, tool, b.Bytes())
			pages := strings.Count(got, "\f")
			if pages < 1 {
				t.Fatalf("%s: no page", tc.name)
			}
			for n := 1; n <= pages; n++ {
				footer := FooterText(tc.in.Request.ID, n, pages)
				if !strings.Contains(got, footer) {
					t.Errorf("%s: page %d lacks its footer %q", tc.name, n, footer)
				}
				got = strings.Replace(got, footer, "", 1)
			}
			if words(got) != words(text) {
				t.Errorf("%s to the %s: the PDF's text differs from the letter:\n got %s\nwant %s", tc.name, r, words(got), words(text))
			}
			if !strings.Contains(got, "Ayşe Çelik-Öztürk") {
				t.Errorf("%s: the name did not come out exactly", tc.name)
			}
			if tc.name == "two pages" && pages < 2 {
				t.Errorf("the long letter has %d page", pages)
			}
		}
	}
}

// A4: 595 by 842 points.
func TestPDFIsA4(t *testing.T) {
	set, _ := Default()
	l, _ := set.Write(Samples()[0])
	var b bytes.Buffer
	if err := WritePDF(&b, l.Insured, PDFMeta{Reference: "MA-2026-0001"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte("/MediaBox [0 0 595.28 841.89]")) {
		t.Error("the page is not A4")
	}
}

func BenchmarkWrite(b *testing.B) {
	set, _ := Default()
	in := Input{Request: SampleRequest(false, true), Decision: decision(authz.OutcomeRejected, rejection(authz.RejectStarted, "Gestart."))}
	for b.Loop() {
		if _, err := set.Write(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWritePDF(b *testing.B) {
	set, _ := Default()
	l, _ := set.Write(Input{Request: SampleRequest(false, true), Decision: decision(authz.OutcomeRejected, rejection(authz.RejectStarted, "Gestart."))})
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WritePDF(&buf, l.Insured, PDFMeta{Reference: "MA-2026-0001"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadDefault(b *testing.B) {
	for b.Loop() {
		if _, err := parseSet("", nil, false); err != nil {
			b.Fatal(err)
		}
	}
}
