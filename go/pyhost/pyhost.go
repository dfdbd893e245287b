// Package pyhost runs CPython inside a Go program and moves Arrow data between them without
// copying: Go calls Python functions and reads the arrays, record batches, tables and streams
// they return in place, and passes its own Arrow data to them the same way.
//
//	if err := pyhost.Start(pyhost.Config{}); err != nil { ... }
//	np, _ := pyhost.Import("mymodule")
//	f, _ := np.Attr("make_series")
//	arr, err := f.CallArray(1_000_000) // a pyarrow array, read by Go in place
//	defer arr.Release()                // lets Python free it
//
// The data path, one file per direction, sharing the import and export code of go/internal/codec
// (goarrow's one codec) with the CPython extension (Python as the host):
//
//	host.h, host.c   the C half: GIL, PyCapsules, calls (thin; what need not be C is elsewhere)
//	host.py          the Python half: pyarrow constructors, error formatting
//	import.go        Python → Go: __arrow_c_array__ / __arrow_c_stream__ → codec.ImportValue
//	export.go        Go → Python: codec.ExportValue → PyCapsules → pyarrow objects
//	object.go        Python objects held by Go
//	errors.go        Python exceptions as Go errors, with the traceback
//
// # Threads and the GIL
//
// Any goroutine may call, and many may call at once. Every call into Python is one cgo call: it
// runs on one OS thread from start to end (a cgo call keeps its thread), takes the GIL on that
// thread, does all its Python work, and drops the GIL before it returns. Go never holds the GIL
// between calls, and never waits for Go while holding it. Each OS thread gets its own Python
// thread state the first time it calls, and keeps it, so a call costs one GIL hand-off.
// Importing Arrow data and everything else Go does after a call run without the GIL, in
// parallel with Python.
//
// # Lifetimes
//
// An [Object] is a strong reference: the Python object lives until [Object.Release]. Arrow data
// Go imports points at Python's buffers and keeps them alive until its last Release, on
// whatever goroutine that happens; producers whose release needs the GIL (pyarrow's, for
// numpy-backed buffers) take it then. Arrow data Go passes to Python is exported from Go's
// buffers, which must be in C memory (bridge.Allocator), and stays alive until Python drops it.
//
// # Limits
//
// One interpreter per process, started once and never finalized. One Go runtime per process:
// Python code in this program cannot import goarrow's CPython extension (it raises ImportError).
// Go does not survive fork(), so Python code must not fork (multiprocessing: use "spawn").
package pyhost

/*
#cgo CFLAGS: -I${SRCDIR}/../internal/cabi
#include <stdlib.h>
#include "host.h"
*/
import "C"

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"unsafe"
)

//go:embed host.py
var helperSource string

// defaultPython is set at link time by the Bazel rules (tools/go.bzl, embeds_python) to the
// interpreter of the workspace's venv.
var defaultPython string

// Config says which Python to start.
type Config struct {
	// Python is the path of a python executable whose installation and venv the embedded
	// interpreter uses (sys.prefix, site-packages). It must be the version of the libpython this
	// program is linked with. Default: $GOARROW_PYTHON, else the interpreter the program was
	// built with by Bazel, else python3 on PATH.
	Python string
	// Path is put in front of sys.path.
	Path []string
}

var (
	startOnce sync.Once
	startErr  error
	started   atomic.Bool // read by calls on any goroutine, perhaps while Start runs
)

// ErrNotStarted is returned by calls made before Start succeeded.
var ErrNotStarted = errors.New("pyhost: Python is not started (call pyhost.Start first)")

// Start starts the interpreter. Only the first call does anything; later calls return its error.
func Start(cfg Config) error {
	startOnce.Do(func() { startErr = start(cfg) })
	return startErr
}

func start(cfg Config) error {
	program := cfg.Python
	if program == "" {
		program = os.Getenv("GOARROW_PYTHON")
	}
	if program == "" {
		program = defaultPython
	}
	if program == "" {
		if p, err := exec.LookPath("python3"); err == nil {
			program = p
		}
	}
	cprog := C.CString(program)
	defer C.free(unsafe.Pointer(cprog))
	chelper := C.CString(helperSource)
	defer C.free(unsafe.Pointer(chelper))
	var cerr *C.char
	if C.pyhost_start(cprog, chelper, &cerr) != 0 {
		return fmt.Errorf("pyhost: starting Python (%s): %w", program, pyError(cerr))
	}
	started.Store(true)
	if len(cfg.Path) > 0 {
		helper, err := Import("_goarrow_host")
		if err != nil {
			return err
		}
		defer helper.Release()
		add, err := helper.Attr("add_path")
		if err != nil {
			return err
		}
		defer add.Release()
		list := make([]any, len(cfg.Path))
		for i, p := range cfg.Path {
			list[i] = p
		}
		r, err := add.Call(list...)
		if err != nil {
			return err
		}
		r.Release()
	}
	return nil
}
