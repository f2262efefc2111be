package i18n

import (
	"strconv"
	"strings"
)

// Numbers says how a fraction is written for a person: English 5.5,
// Dutch 5,5. Machine output (JSON, CSV) always writes a dot.
type Numbers struct {
	// Decimal separates the whole part from the fraction.
	Decimal string
}

var (
	enNumbers = Numbers{Decimal: "."}
	nlNumbers = Numbers{Decimal: ","}
)

// Days writes a number of days with one decimal, without a fraction of
// zero: 5, 5.5 (Dutch 5,5).
func (c *Catalog) Days(x float64) string {
	s := strings.TrimSuffix(strconv.FormatFloat(x, 'f', 1, 64), ".0")
	return strings.Replace(s, ".", c.Numbers.Decimal, 1)
}
