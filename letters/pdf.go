package letters

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// PDFMeta is what a PDF shows beside the letter's text: the reference in
// every page's footer, and the document's date.
type PDFMeta struct {
	Reference string    // the request id, e.g. "MA-2026-0001"
	Date      time.Time // the decision's time: the PDF's creation date
}

// Page layout in millimetres (A4).
const (
	pdfMarginLeft  = 25.0
	pdfMarginRight = 20.0
	pdfMarginTop   = 20.0
	pdfMarginFoot  = 22.0
	pdfFontSize    = 10.5
	pdfLineHeight  = 5.2
)

// referenceLineRE is a line of the reference block: "Ons kenmerk: X".
var referenceLineRE = regexp.MustCompile(`^[\p{L} ]{2,30}: \S`)

// FooterText is the footer of page n of total: stripped again by anyone
// comparing a PDF's text with the letter's.
func FooterText(reference string, n, total int) string {
	return fmt.Sprintf("Kenmerk %s · pagina %d van %d", reference, n, total)
}

// WritePDF renders a stored letter as an A4 PDF with the Go fonts
// embedded (so that every name comes out as written): the letterhead (the
// first paragraph) in bold, the reference block (the first paragraph of
// "Label: value" lines) on a grey band, and the page number in every
// footer. The text is the letter's, line for line.
func WritePDF(w io.Writer, text string, meta PDFMeta) error {
	// Rendered twice: first to count the pages, then with "of N".
	first, err := renderPDF(text, meta, 0)
	if err != nil {
		return err
	}
	pdf, err := renderPDF(text, meta, first.PageNo())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return fmt.Errorf("letter as PDF: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}

func renderPDF(text string, meta PDFMeta, total int) (*fpdf.Fpdf, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pdfMarginLeft, pdfMarginTop, pdfMarginRight)
	pdf.SetAutoPageBreak(true, pdfMarginFoot)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	if !meta.Date.IsZero() {
		pdf.SetCreationDate(meta.Date)
		pdf.SetModificationDate(meta.Date)
	}
	pdf.SetTitle("Brief "+meta.Reference, true)
	pdf.SetCreator("machtiging", true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("go", "", 8)
		pdf.SetTextColor(90, 90, 90)
		n := pdf.PageNo()
		pdf.CellFormat(0, 4, FooterText(meta.Reference, n, max(total, n)), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	width, _ := pdf.GetPageSize()
	width -= pdfMarginLeft + pdfMarginRight
	// A tab has no glyph: it is shown as the spaces to the next stop of 4.
	text = expandTabs(text)
	paras := strings.Split(strings.TrimRight(text, "\n"), "\n\n")
	referenceDone := false
	for i, p := range paras {
		lines := strings.Split(p, "\n")
		switch {
		case i == 0:
			// The letterhead.
			for j, l := range lines {
				size := 10.0
				if j == 0 {
					size = 15
				}
				pdf.SetFont("go", "B", size)
				pdf.MultiCell(width, size*0.5, l, "", "L", false)
			}
			y := pdf.GetY() + 2
			pdf.SetDrawColor(120, 120, 120)
			pdf.Line(pdfMarginLeft, y, pdfMarginLeft+width, y)
			pdf.Ln(6)
		case !referenceDone && isReferenceBlock(lines):
			referenceDone = true
			pdf.SetFont("go", "", pdfFontSize)
			pdf.SetFillColor(236, 236, 236)
			for _, l := range lines {
				pdf.MultiCell(width, pdfLineHeight+0.6, l, "", "L", true)
			}
			pdf.Ln(pdfLineHeight)
		default:
			pdf.SetFont("go", "", pdfFontSize)
			for _, l := range lines {
				if l == "" {
					pdf.Ln(pdfLineHeight)
					continue
				}
				pdf.MultiCell(width, pdfLineHeight, l, "", "L", false)
			}
			pdf.Ln(pdfLineHeight * 0.8)
		}
		if err := pdf.Error(); err != nil {
			return nil, fmt.Errorf("letter as PDF: %w", err)
		}
	}
	return pdf, pdf.Error()
}

func isReferenceBlock(lines []string) bool {
	if len(lines) < 2 {
		return false
	}
	for _, l := range lines {
		if !referenceLineRE.MatchString(l) {
			return false
		}
	}
	return true
}

// expandTabs replaces each tab by the spaces to the next multiple of 4.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}
