package bridge

import (
	"sync"

	"github.com/goarrow/goarrow/go/internal/codec"
)

// Group runs the goroutines a function starts (parallel workers, a stream's producer). A panic
// in any of them is recovered and returned by Wait, so Python gets goarrow.GoPanic with that
// goroutine's stack (or MemoryError, for Allocator running out) from the call, or from the
// stream's next read, instead of the process ending, as an unrecovered panic in a goroutine ends
// any Go program. The zero Group is ready to use; use one Group per call or per stream.
type Group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

// Go runs f in a new goroutine. The first error f returns, or the first panic, is Wait's result.
func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				g.fail(codec.PanicError(r))
			}
		}()
		if err := f(); err != nil {
			g.fail(err)
		}
	}()
}

func (g *Group) fail(err error) { g.once.Do(func() { g.err = err }) }

// Wait waits for every goroutine started with Go and returns the first error or panic.
func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}
