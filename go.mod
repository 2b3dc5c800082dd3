module github.com/bgplens/bgplens

go 1.26.8
