module github.com/bgplens/bgplens/interop

go 1.26.8

require (
	github.com/bgplens/bgplens v0.0.0-00010101000000-000000000000
	github.com/osrg/gobgp/v4 v4.8.0
)

replace github.com/bgplens/bgplens => ../
