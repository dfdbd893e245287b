package testfuncs

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/goarrow/goarrow/go/bridge"
)

// Diagnostics: functions that exercise the bridge itself (threads, cancellation, failures,
// lifetimes). The test suites use them; they are also handy to check a deployment.

func init() {
	bridge.MustRegister(bridge.Func{
		Name:   "debug.sleep",
		Params: []string{"seconds"},
		Doc: `Sleep in Go for the given seconds, or until the call is cancelled (Ctrl-C).

Returns True if it slept the whole time. The GIL is released meanwhile.`,
		Fn: Sleep,
	})
	bridge.MustRegister(bridge.Func{
		Name:   "debug.barrier",
		Params: []string{"parties", "timeout"},
		Doc: `Wait in Go until parties calls are inside this function at once, or timeout seconds pass.

Returns True if all parties met. With the GIL held during Go calls, only one Python thread could
ever be inside, so this is how the tests prove the GIL is released.`,
		Fn: Barrier,
	})
	bridge.MustRegister(bridge.Func{
		Name:   "debug.panic",
		Params: []string{"message"},
		Doc:    `Panic with message: raises goarrow.GoPanic carrying the message and the Go stack.`,
		Fn:     func(message string) any { panic(message) },
	})
	bridge.MustRegister(bridge.Func{
		Name:   "debug.keep",
		Params: []string{"key", "x"},
		Doc: `Keep a reference to x in Go under key, after the call returns (replacing any earlier one).

The producer's memory stays alive while Go holds it, even after Python drops x.`,
		Fn: Keep,
	})
	bridge.MustRegister(bridge.Func{
		Name:   "debug.take",
		Params: []string{"key"},
		Doc:    `Return what debug.keep stored under key and forget it (None if nothing is there).`,
		Fn:     Take,
	})
	bridge.MustRegister(bridge.Func{
		Name:   "debug.fail",
		Params: []string{"message"},
		Doc:    `Return a Go error with message: raises goarrow.GoError.`,
		Fn:     func(message string) (any, error) { return nil, fmt.Errorf("%s", message) },
	})
}

// Sleep waits for d seconds or for ctx to end.
func Sleep(ctx context.Context, seconds float64) (bool, error) {
	t := time.NewTimer(time.Duration(seconds * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
		return true, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

var kept = struct {
	sync.Mutex
	m map[string]any
}{m: map[string]any{}}

type releaser interface {
	Retain()
	Release()
}

// Keep retains x and stores it under key.
func Keep(key string, x any) {
	if r, ok := x.(releaser); ok {
		r.Retain()
	}
	kept.Lock()
	old := kept.m[key]
	kept.m[key] = x
	kept.Unlock()
	if r, ok := old.(releaser); ok {
		r.Release()
	}
}

// Take hands what Keep stored back to the caller (the reference moves with it).
func Take(key string) any {
	kept.Lock()
	defer kept.Unlock()
	x := kept.m[key]
	delete(kept.m, key)
	return x
}

var barrier struct {
	sync.Mutex
	waiting int
	release chan struct{}
}

// Barrier returns true once parties callers are waiting together, false on timeout.
func Barrier(parties int64, timeout float64) bool {
	barrier.Lock()
	if barrier.release == nil {
		barrier.release = make(chan struct{})
	}
	ch := barrier.release
	barrier.waiting++
	if int64(barrier.waiting) >= parties {
		close(ch)
		barrier.waiting, barrier.release = 0, nil
		barrier.Unlock()
		return true
	}
	barrier.Unlock()
	select {
	case <-ch:
		return true
	case <-time.After(time.Duration(timeout * float64(time.Second))):
		barrier.Lock()
		if barrier.release == ch {
			barrier.waiting--
		}
		barrier.Unlock()
		select {
		case <-ch: // met while we were timing out
			return true
		default:
			return false
		}
	}
}
