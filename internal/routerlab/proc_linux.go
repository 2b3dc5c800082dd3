package routerlab

import "syscall"

// procAttr puts the daemon in its own process group and asks the kernel to
// SIGKILL it when the thread that started it (the test binary) dies, so a
// test killed by a timeout or a panic leaves nothing running. The Go runtime
// does not end its threads while the program runs (only threads locked with
// runtime.LockOSThread by a goroutine that exits, which this package never
// does), so the signal comes only when the test binary ends.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
