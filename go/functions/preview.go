package functions

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/goarrow/goarrow/go/bridge"
)

// The first limit values of an array as Go reads them, formatted by Go, e.g. "[1.5 (null) 3]".
//
// Values past limit are summarised as "... (N more)".
//
//goarrow:export preview
func Preview(x arrow.Array, limit int) (string, error) {
	if limit < 0 {
		return "", fmt.Errorf("%w: preview() needs limit >= 0, got %d", bridge.ErrValue, limit)
	}
	var sb strings.Builder
	sb.WriteByte('[')
	n := min(limit, x.Len())
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(x.ValueStr(i))
	}
	if x.Len() > n {
		fmt.Fprintf(&sb, " ... (%d more)", x.Len()-n)
	}
	sb.WriteByte(']')
	return sb.String(), nil
}
