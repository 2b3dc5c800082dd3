//go:build !linux

package routerlab

import "syscall"

// procAttr puts the daemon in its own process group. Only Linux can tie its
// life to the test binary's (the routers the lab runs are Linux packages).
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
