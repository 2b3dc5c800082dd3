package rib

// Temporary internals so that the API compiles; replaced by intern.go,
// history.go and table.go.

type interner struct{}

func (*interner) init() {}

type history struct{}

func (*history) init(int) {}

type routeCounter struct{}

type table struct{}
