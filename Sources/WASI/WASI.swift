// The WASI implementation lives here (wasi_snapshot_preview1).
