package codec

import (
	"testing"

	"github.com/goarrow/goarrow/go/internal/crossing"
)

// TestCrossingTable checks that every arrow-go type of go/internal/crossing's table (which
// goarrowgen reads too) is one the codec imports and exports, so the two cannot drift apart.
func TestCrossingTable(t *testing.T) {
	if len(arrowCrossing) != len(crossing.ArrowTypes) {
		t.Fatalf("the codec knows %d of the %d arrow-go types in crossing.ArrowTypes", len(arrowCrossing), len(crossing.ArrowTypes))
	}
	for rt, a := range arrowCrossing {
		if _, ok := conversions[rt]; !ok {
			t.Errorf("%s (%s.%s) has no conversion in import.go", rt, a.Pkg, a.Name)
		}
		if err := CheckResultType(rt); err != nil {
			t.Error(err)
		}
	}
}
