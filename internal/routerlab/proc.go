package routerlab

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// process is one daemon the lab started: its PID is the only handle used to
// stop it (never its name).
type process struct {
	name    string
	logPath string
	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has exited and was reaped
	err     error         // Wait's result, valid once done is closed
}

// startProcess runs argv in dir with stdout and stderr appended to
// dir/name.log. The process gets its own process group (a terminal's ^C does
// not reach it) and, where the platform allows, is killed when the test
// binary dies (see procAttr).
func startProcess(dir, name string, argv ...string) (*process, error) {
	logPath := filepath.Join(dir, name+".log")
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Stdin = nil
	cmd.Stdout = lf
	cmd.Stderr = lf
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{name: name, logPath: logPath, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// pid is the process's ID.
func (p *process) pid() int { return p.cmd.Process.Pid }

// alive says whether the process has not exited yet.
func (p *process) alive() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

var errNoExit = errors.New("routerlab: process did not exit after SIGKILL")

// stop sends SIGTERM, waits up to grace for the exit, then sends SIGKILL and
// waits up to five more seconds. A process that already exited is left alone.
func (p *process) stop(grace time.Duration) error {
	if !p.alive() {
		return nil
	}
	if grace > 0 {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
			return nil
		case <-time.After(grace):
		}
	}
	_ = p.cmd.Process.Kill()
	select {
	case <-p.done:
		return nil
	case <-time.After(5 * time.Second):
		return errNoExit
	}
}

// logTail gives the last n octets of the process's log.
func (p *process) logTail(n int64) string { return fileTail(p.logPath, n) }

func fileTail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	off := max(st.Size()-n, 0)
	b := make([]byte, st.Size()-off)
	_, _ = f.ReadAt(b, off)
	return string(b)
}
