package cli

import (
	"github.com/go-json-experiment/json/jsontext"

	"machtiging/authz"
)

// appendCheckLine appends the line of check --json for a request, exactly
// as json.MarshalEncode writes a checkLine (field order, escaping, the
// newline), without reflection: check writes a million of them.
func appendCheckLine(b []byte, c *checkLine) ([]byte, error) {
	var err error
	b = append(b, `{"id":`...)
	if b, err = jsontext.AppendQuote(b, c.ID); err != nil {
		return nil, err
	}
	b = append(b, `,"state":`...)
	if b, err = jsontext.AppendQuote(b, c.State.String()); err != nil {
		return nil, err
	}
	b = append(b, `,"verdict":`...)
	if b, err = jsontext.AppendQuote(b, c.Verdict.String()); err != nil {
		return nil, err
	}
	b = append(b, `,"due":"`...)
	b = appendDate(b, c.Due)
	b = append(b, `","items":`...)
	if c.Items == nil {
		b = append(b, "[]"...)
	}
	for i, it := range c.Items {
		if i == 0 {
			b = append(b, '[')
		} else {
			b = append(b, ',')
		}
		b = append(b, `{"item":`...)
		if b, err = jsontext.AppendQuote(b, it.Item.String()); err != nil {
			return nil, err
		}
		b = append(b, `,"status":`...)
		if b, err = jsontext.AppendQuote(b, it.Status.String()); err != nil {
			return nil, err
		}
		if it.Detail != "" {
			b = append(b, `,"detail":`...)
			if b, err = jsontext.AppendQuote(b, it.Detail); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
		if i == len(c.Items)-1 {
			b = append(b, ']')
		}
	}
	b = append(b, `,"identity":`...)
	if b, err = jsontext.AppendQuote(b, c.Identity.String()); err != nil {
		return nil, err
	}
	b = append(b, `,"contract":`...)
	if b, err = jsontext.AppendQuote(b, c.Contract.String()); err != nil {
		return nil, err
	}
	b = append(b, `,"overlaps":[`...)
	for i, id := range c.Overlaps {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = jsontext.AppendQuote(b, id); err != nil {
			return nil, err
		}
	}
	return append(b, "]}\n"...), nil
}

// appendDate appends YYYY-MM-DD, or nothing for the zero date, as
// Date.String does.
func appendDate(b []byte, d authz.Date) []byte {
	y, m, day := d.Year(), int(d.Month()), d.Day()
	if d == 0 || y > 9999 {
		return append(b, d.String()...)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
}
