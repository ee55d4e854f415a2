"""Development tools shared by the end-to-end tests and the benchmarks (not used in production)."""
