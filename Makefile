# Entry points; each is a script in scripts/ that installs what it needs first.
.PHONY: run test bench

run:     ## Build and run convenectl on the shipped example configuration
	scripts/run-example

test:    ## The whole test suite (what CI runs)
	scripts/test

bench:   ## Benchmarks, printed as numbers
	scripts/bench
