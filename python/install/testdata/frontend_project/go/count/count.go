// Package count is the Go function of the project python/install/test_frontends.py builds with
// the standard Python build frontends.
package count

import "github.com/apache/arrow-go/v18/arrow"

// The number of non-null values of an array.
//
//goarrow:export count_valid
func CountValid(values arrow.Array) (int64, error) {
	return int64(values.Len() - values.NullN()), nil
}
