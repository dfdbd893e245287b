package elementwise

import (
	"encoding/binary"
	"time"
)

// Between two checks for cancellation (Ctrl-C) and for an earlier block's failure, a block runs
// a span of rows that adapts to the function's speed: it doubles while a span takes under
// spanFast and halves past spanSlow, between firstSpan and checkEvery rows. A cheap function
// soon runs 65,536 rows a check (a check costs about as much as a few rows); a slow one (a
// millisecond a row) is checked every few rows, so Ctrl-C stops it within about spanSlow.
const (
	firstSpan  = 16
	checkEvery = 1 << 16
	spanFast   = time.Millisecond
	spanSlow   = 20 * time.Millisecond
)

// Rows walks the rows of a block that the function is called for, the way DuckDB's executors
// walk validity: a run of whole valid words (All, rows [Lo, Hi)) is a loop without a branch per
// row; a word with some nulls gives its valid rows as the set bits of Mask (rows Lo+bit); a word
// of nulls is skipped. Where no argument has nulls, the block is runs of up to checkEvery rows.
//
//	for w := b.Rows(); w.Next(); {
//		if w.All { for i = w.Lo; i < w.Hi; i++ { ... } } else { for m := w.Mask; m != 0; m &= m-1 { i = w.Lo + bits.TrailingZeros64(m); ... } }
//	}
type Rows struct {
	Lo, Hi int
	All    bool
	Mask   uint64

	b      *Block
	words  []uint64 // the block's result validity; nil: every row valid
	n, pos int
	budget int       // rows left before the next check
	span   int       // rows between checks
	last   time.Time // the last check
}

// Next moves to the next run or word, and reports false at the end of the block or when the
// call stops (cancelled, or an earlier block failed).
func (r *Rows) Next() bool {
	for r.pos < r.n {
		if r.budget <= 0 {
			if r.b.stop() {
				return false
			}
			r.adapt()
		}
		if r.words == nil {
			r.Lo, r.Hi, r.All = r.pos, min(r.pos+r.budget, r.n), true
			r.pos, r.budget = r.Hi, r.budget-(r.Hi-r.Lo)
			return true
		}
		w := r.words[r.pos>>6]
		switch w {
		case 0:
			r.pos += 64
			r.budget -= 64
		case ^uint64(0):
			hi := r.pos + 64
			for hi < r.n && hi-r.pos < r.budget && r.words[hi>>6] == ^uint64(0) {
				hi += 64
			}
			r.Lo, r.Hi, r.All = r.pos, min(hi, r.n), true
			r.budget -= hi - r.pos
			r.pos = hi
			return true
		default:
			r.Lo, r.All, r.Mask = r.pos, false, w
			r.pos += 64
			r.budget -= 64
			return true
		}
	}
	return false
}

// adapt sets the rows until the next check from how long the last span took.
func (r *Rows) adapt() {
	now := time.Now()
	switch {
	case r.span == 0:
		r.span = firstSpan
	case now.Sub(r.last) < spanFast:
		r.span = min(2*r.span, checkEvery)
	case now.Sub(r.last) > spanSlow:
		r.span = max(r.span/2, 1)
	}
	r.last, r.budget = now, r.span
}

// stop reports whether the block should end now: the call was cancelled (the block then
// reports it), or an earlier block failed (its error is the call's).
func (b *Block) stop() bool {
	if b.run.ctx.Err() != nil {
		b.cancelled = true
		return true
	}
	return b.idx > b.run.failAt.Load()
}

// loadBits is the 64 bits of bm from bit position bit on (bits past its end read as 0).
func loadBits(bm []byte, bit int) uint64 {
	i, shift := bit>>3, uint(bit&7)
	var lo, hi uint64
	if i+8 <= len(bm) {
		lo = binary.LittleEndian.Uint64(bm[i:])
	} else {
		for j := 0; i+j < len(bm); j++ {
			lo |= uint64(bm[i+j]) << (8 * j)
		}
	}
	if shift == 0 {
		return lo
	}
	if i+8 < len(bm) {
		hi = uint64(bm[i+8])
	}
	return lo>>shift | hi<<(64-shift)
}
