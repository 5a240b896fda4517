package zohotest

import (
	"net/http"
	"slices"
	"sync"
	"time"
)

// Background jobs: a mass convert of leads or of inventory records, a mass
// delete of tags, a merge whose child records have many related records.
// The call that schedules one answers its id at once; the job then takes
// SetJobTime on the emulator's clock (a second unless set): scheduled for
// its first half, running for its second, and its work is done when its
// time has come, before the next CRM request is served, so that a test
// moving the clock sees each state and then the records changed. A status
// call names the job's id and what it belongs to (its module, its master
// record); another one's id is INVALID_DATA, as Zoho answers.

// defaultJobTime is how long a background job takes on the emulator's
// clock unless SetJobTime says otherwise.
const defaultJobTime = time.Second

// bgJob is one background job.
type bgJob struct {
	id    string
	kind  string // the group that scheduled it: "mass_convert"
	owner string // what its status call names: a module, a master record
	times bulkTimes
	total int
	// run does the job's work, once, when its time has come, and returns
	// how many of its items were done and how many failed.
	run func() (done, failed int)

	ran          bool
	done, failed int
	// detail is what the job's status answers besides its state (the
	// request a merge was), set by setJobDetail.
	detail any
}

// jobPhase is where a job stands.
type jobPhase int

const (
	jobScheduled jobPhase = iota
	jobRunning
	jobCompleted
	jobFailed // completed with every item failed
)

// String is how Zoho's status answers write the phase (in capitals for
// some groups).
func (p jobPhase) String() string {
	return [...]string{"scheduled", "in progress", "completed", "failed"}[p]
}

type jobStore struct {
	mu      sync.Mutex
	byID    map[string]*bgJob
	pending int // jobs whose work is not done yet
	took    time.Duration
	tookSet bool
}

// SetJobTime sets how long the background jobs scheduled afterwards take
// on the emulator's clock (mass convert, inventory mass convert, mass
// delete of tags, scheduled merges); 0 makes them complete at once. It
// panics on a negative duration.
func (s *Server) SetJobTime(d time.Duration) {
	if d < 0 {
		panic("zohotest: SetJobTime: negative duration")
	}
	s.jobs.mu.Lock()
	s.jobs.took, s.jobs.tookSet = d, true
	s.jobs.mu.Unlock()
}

// scheduleJob records a job of kind for owner, over total items, whose
// work run does when its time has come, and returns it. The handler
// calling it must hold no store's lock: a job of no time runs at once.
func (s *Server) scheduleJob(kind, owner string, total int, run func() (done, failed int)) *bgJob {
	js := &s.jobs
	js.mu.Lock()
	took := defaultJobTime
	if js.tookSet {
		took = js.took
	}
	j := &bgJob{id: s.ids.next(), kind: kind, owner: owner, total: total, run: run,
		times: bulkTimes{created: s.Now(), took: took}}
	if js.byID == nil {
		js.byID = map[string]*bgJob{}
	}
	js.byID[j.id] = j
	if took > 0 {
		js.pending++
		js.mu.Unlock()
		return j
	}
	// A job of no time is done before its scheduling is answered: the
	// handler calling holds the request's lock (and no store's).
	j.ran = true
	js.mu.Unlock()
	done, failed := run()
	js.mu.Lock()
	j.done, j.failed = done, failed
	js.mu.Unlock()
	return j
}

// setJobDetail sets what the job's status answers besides its state.
func (s *Server) setJobDetail(j *bgJob, detail any) {
	s.jobs.mu.Lock()
	j.detail = detail
	s.jobs.mu.Unlock()
}

// jobRan reports whether the job's work is done (at once, for a job of
// no time).
func (s *Server) jobRan(j *bgJob) bool {
	s.jobs.mu.Lock()
	defer s.jobs.mu.Unlock()
	return j.ran
}

// settleJobs does the work of the jobs whose time has come. It runs
// before each CRM request, outside the handlers' locks; a job's work
// takes the locks it needs, as a handler's would.
func (s *Server) settleJobs() {
	js := &s.jobs
	js.mu.Lock()
	if js.pending == 0 {
		js.mu.Unlock()
		return
	}
	now := s.Now()
	var due []*bgJob
	for _, j := range js.byID {
		if !j.ran && j.times.done(now) {
			j.ran = true
			js.pending--
			due = append(due, j)
		}
	}
	js.mu.Unlock()
	for _, j := range due {
		s.txn.RLock()
		done, failed := j.run()
		s.txn.RUnlock()
		js.mu.Lock()
		j.done, j.failed = done, failed
		js.mu.Unlock()
	}
}

// jobState is a job as a status call sees it.
type jobState struct {
	id           string
	phase        jobPhase
	total        int
	done, failed int
	detail       any
}

// notDone is how many of the job's items are still to be done.
func (st jobState) notDone() int { return st.total - st.done - st.failed }

// findJob answers a status call for a job of kind: the job_id parameter
// must name one of owner's (REQUIRED_PARAM_MISSING without it,
// INVALID_DATA for another's). It answers the error itself.
func (s *Server) findJob(c *call, kind, owner string) (jobState, bool) {
	id := c.query("job_id")
	if id == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "job_id is required.", obj{{"param_name", "job_id"}})
		return jobState{}, false
	}
	js := &s.jobs
	js.mu.Lock()
	defer js.mu.Unlock()
	j := js.byID[id]
	if j == nil || j.kind != kind || j.owner != owner {
		failJobID(c)
		return jobState{}, false
	}
	return j.state(s.Now()), true
}

// jobsOf returns the states of owner's jobs of kind, oldest first.
func (s *Server) jobsOf(kind, owner string) []jobState {
	js := &s.jobs
	js.mu.Lock()
	defer js.mu.Unlock()
	now := s.Now()
	var out []jobState
	for _, j := range js.byID {
		if j.kind == kind && j.owner == owner {
			out = append(out, j.state(now))
		}
	}
	slices.SortFunc(out, func(a, b jobState) int { return compareIDs(a.id, b.id) })
	return out
}

func (j *bgJob) state(now time.Time) jobState {
	st := jobState{id: j.id, total: j.total, detail: j.detail}
	switch {
	case !j.ran:
		// Its work runs before the next request is served; until then it
		// is where the clock says.
		st.phase = jobScheduled
		if j.times.phase(now) >= 2 {
			st.phase = jobRunning
		}
	case j.total > 0 && j.failed == j.total:
		st.phase, st.failed = jobFailed, j.failed
	default:
		st.phase, st.done, st.failed = jobCompleted, j.done, j.failed
	}
	return st
}

// failJobID answers a job_id that names no job of the call's.
func failJobID(c *call) {
	fail(c.w, http.StatusBadRequest, "INVALID_DATA", "The jobid given seems to be invalid", obj{{"param_name", "job_id"}})
}
