package live

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// ProgressWriter returns f when it is a terminal, nil otherwise: a progress
// bar belongs on an interactive stderr, not in CI logs or redirected output.
func ProgressWriter(f *os.File) io.Writer {
	if f == nil {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return f
}

// progress draws one line, redrawn at most ten times a second:
// "[#####-----] 12/40 REST APIs, 2/6 account-regions".
type progress struct {
	w  io.Writer
	mu sync.Mutex

	targetsDone, targetsTotal int
	apisDone, apisTotal       int
	last                      time.Time
	drawn                     bool
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

func (p *progress) update(fn func(), force bool) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fn()
	if !force && time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.draw()
}

func (p *progress) draw() {
	const width = 24
	done, total := p.apisDone, p.apisTotal
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	bar := strings.Repeat("#", filled) + strings.Repeat("-", width-filled)
	// Errors writing progress are not worth failing a scan for.
	_, _ = fmt.Fprintf(p.w, "\r[%s] %d/%d REST APIs, %d/%d account-regions ", bar, done, total, p.targetsDone, p.targetsTotal)
	p.drawn = true
}

func (p *progress) targets(n int) { p.update(func() { p.targetsTotal = n }, true) }
func (p *progress) addAPIs(n int) { p.update(func() { p.apisTotal += n }, false) }
func (p *progress) apiDone()      { p.update(func() { p.apisDone++ }, false) }
func (p *progress) targetDone()   { p.update(func() { p.targetsDone++ }, false) }

// finish draws the final state and ends the line.
func (p *progress) finish() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw()
	_, _ = fmt.Fprintln(p.w)
}
