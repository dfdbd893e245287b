// Command testbadextension is an extension with wrong registrations, for the test that loading
// it raises ImportError naming each function and its problem (instead of ending the process).
package main

import "github.com/goarrow/goarrow/go/bridge"

func init() {
	bridge.MustRegister(bridge.Func{Name: "swapped", Params: []string{"only_one"}, Fn: func(a, b int64) int64 { return a + b }})
	bridge.MustRegister(bridge.Func{Name: "channel", Params: []string{"c"}, Fn: func(c chan int) {}})
}

func main() {}
