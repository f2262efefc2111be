// Package bench holds the benchmarks of machtiging at a million requests:
// import against encoding/json, check --json, the TUI on a large store and
// the latency of a durable decision. It has no code of its own; the
// benchmarks are in its _test.go files and bench/run runs them with the
// large fixtures and prints one table against the targets.
//
// Without fixtures the benchmarks make a small sample themselves, so
//
//	go test ./bench -run '^$' -bench . -benchtime 1x
//
// works anywhere. The fixtures are handed over in the environment:
//
//	MACHTIGING_BENCH_FILE  an NDJSON import file (machtiging generate)
//	MACHTIGING_BENCH_DB    a store holding that file (machtiging import);
//	                       the decision benchmark works on a copy
//	MACHTIGING_BENCH_N     size of the sample made without a file (20000)
//	MACHTIGING_BENCH_TMP   folder for the stores the benchmarks make
//	                       (default: the system's temporary folder)
package bench
