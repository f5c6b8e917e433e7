print("wasmvm: not built yet")
